/**
 * A broken CloudTrail rule: the exception AWS answers with (its wire name, e.g.
 * `InvalidTrailNameException`) and a message saying what is wrong.
 *
 * The modules in src/rules/ are facts about CloudTrail, shared by the emulator (to reject like AWS)
 * and the gateway (to reject before calling AWS). They import nothing from either side.
 */
export interface RuleViolation {
  type: string;
  message: string;
}
