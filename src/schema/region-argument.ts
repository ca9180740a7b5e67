import { isRegionCode } from '../rules/region.js';
import { badUserInput } from '../gateway-errors.js';
import type { GatewayContext } from './context.js';

/**
 * The region a field's `region` argument names, or the gateway's default region. A value that is
 * not a region code (`us-east-1`, `eu-central-2`...) is refused before any AWS call: the SDK would
 * otherwise try to reach an endpoint that does not exist.
 */
export async function requestedRegion(region: string | null | undefined, ctx: GatewayContext): Promise<string> {
  if (region === null || region === undefined) return ctx.cloudTrail.defaultRegion();
  if (!isRegionCode(region)) {
    throw badUserInput(`\`region\` must be an AWS region code such as us-east-1; got "${region}".`);
  }
  return region;
}
