/**
 * Registers TensorFlow.js's gradient functions in Node (selected by the `node` condition of the
 * `#register-gradients` import). tfjs-core's main entry registers none: `tf.variableGrads` fails
 * with "gradient function not found for Sum". The umbrella `@tensorflow/tfjs` imports
 * `@tensorflow/tfjs-core/dist/register_all_gradients`, but that module cannot load in Node (its
 * ESM imports have no file extensions). tfjs-layers' Node build bundles the same registrations
 * and registers them on import, into the one registry every copy of tfjs-core shares.
 */
import "@tensorflow/tfjs-layers";
