/**
 * Registers TensorFlow.js's gradient functions in a bundled page (the `default` condition of the
 * `#register-gradients` import): tfjs-core's main entry registers none, and bundlers load its
 * ES-module `register_all_gradients` (which Node cannot; see ./node.ts).
 */
import "@tensorflow/tfjs-core/dist/register_all_gradients";
