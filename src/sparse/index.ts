export { lottery, type LotteryRunOptions } from './lottery-run.js';
export { lotteryTickets, lotteryOverSeeds, lotteryChart, type TicketReset, type LotteryOptions, type LotteryRound, type LotterySummaryRound } from './lottery.js';
export { supermask, type SupermaskRunOptions } from './supermask-run.js';
export { trainSupermask, supermaskModel, maskedModelOf, SUPERMASK_METHODS, WEIGHT_INITS, type SupermaskMethod, type WeightInit, type SupermaskOptions, type SupermaskResult } from './supermask.js';
export { addDel, fixedWidthGrid, paretoByParams, type AddDelOptions, type AddDelResult, type VisitedModel } from './adddel.js';
export { prunableWeights, magnitudePrune, remainingFraction, type PruneRates } from './magnitude.js';
export { addDelRun, type AddDelRunOptions } from './adddel-run.js';
