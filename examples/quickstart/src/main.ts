import { quickstart } from "./quickstart.js";

await quickstart(); // prints the evaluation; the agent lands in runs/quickstart/model
