import { plugin } from "./plugin.js";

export { plugin };
export default plugin;
