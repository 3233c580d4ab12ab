/** Intake: a dropped photo becomes a durable staged copy plus a queued job (DESIGN.md, first box). */
export { enqueue, releaseStaged, type IntakeDeps } from './enqueue';
export { clearStagingTemp, stagedNameFor, type StagingFs } from './staging';
