import { describeReplayBufferContract } from "../test/contract.js";

describeReplayBufferContract("uniform");
