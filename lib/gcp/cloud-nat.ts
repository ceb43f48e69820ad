import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { EgressAddresses } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { checkInteger } from '../core/validation';
import { checkName, checkRegion } from './common';

/** A power of two from `min` to `max` (Cloud NAT port counts with dynamic port allocation). */
function checkPowerOfTwo(scope: Construct, field: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max || (value & (value - 1)) !== 0) {
    throw ConfigurationError.forConstruct(scope, field, value, `allowed: a power of two from ${min} to ${max} (Cloud NAT with dynamic port allocation)`);
  }
}

/** Properties of {@link CloudNat}. */
export interface CloudNatProps {
  /** Name prefix: router `<name>-router`, NAT `<name>-nat`, addresses `<name>-nat-<i>`. */
  readonly name: string;
  /** GCP region of the router, NAT and addresses, e.g. us-central1. */
  readonly region: string;
  /** Network path or name. */
  readonly networkId: string;
  /**
   * Subnetworks (paths) whose primary and secondary ranges are translated.
   * @default - every subnetwork of the network in the region
   */
  readonly subnetworkIds?: string[];
  /** How many static external IPv4 addresses to reserve (1-16). @default 2 */
  readonly staticIps?: number;
  /**
   * Minimum ports per VM. With dynamic port allocation (always on here) Cloud NAT wants a power of
   * two from 32 to 32768 (google provider 6.50 `google_compute_router_nat.min_ports_per_vm`).
   * @default 64
   */
  readonly minPortsPerVm?: number;
  /** Maximum ports per VM: a power of two above `minPortsPerVm`, up to 65536. @default 65536 */
  readonly maxPortsPerVm?: number;
  /** @default - the provider's project */
  readonly project?: string;
  /** Labels of the reserved addresses. @default {} */
  readonly labels?: Record<string, string>;
  /** Resources to wait for (API enablement). @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** `prevent_destroy` on the reserved addresses (a replaced IP breaks every allow-list). @default true */
  readonly deletionProtection?: boolean;
}

/**
 * Cloud Router + Cloud NAT with MANUAL_ONLY static addresses, so that every egress (LangSmith's
 * license and telemetry calls to https://beacon.langchain.com, ClickHouse Cloud over its public
 * endpoint) leaves from IPs known in advance, to put on allow-lists. NAT logging records
 * translation errors. The addresses' logical ids (`Address0`, `Address1`, ...) are stable:
 * renaming them releases the IPs.
 */
export class CloudNat extends Construct {
  public readonly router: ComputeRouter;
  public readonly nat: ComputeRouterNat;
  /** The reserved addresses. */
  public readonly addresses: ComputeAddress[];
  /** The egress IPs (tokens). */
  public readonly egress: EgressAddresses;

  constructor(scope: Construct, id: string, props: CloudNatProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkRegion(this, 'region', props.region);
    checkInteger(this, 'staticIps', props.staticIps, 1, 16);
    const minPorts = props.minPortsPerVm ?? 64;
    const maxPorts = props.maxPortsPerVm ?? 65536;
    checkPowerOfTwo(this, 'minPortsPerVm', minPorts, 32, 32768);
    checkPowerOfTwo(this, 'maxPortsPerVm', maxPorts, 64, 65536);
    if (!Token.isUnresolved(minPorts) && !Token.isUnresolved(maxPorts) && maxPorts <= minPorts) {
      throw ConfigurationError.forConstruct(this, 'maxPortsPerVm', maxPorts, `allowed: a power of two greater than minPortsPerVm (${minPorts})`);
    }
    this.router = new ComputeRouter(this, 'Router', {
      name: `${props.name}-router`,
      project: props.project,
      region: props.region,
      network: props.networkId,
      dependsOn: props.dependsOn,
    });
    this.addresses = Array.from({ length: props.staticIps ?? 2 }, (_, i) => new ComputeAddress(this, `Address${i}`, {
      name: `${props.name}-nat-${i}`,
      project: props.project,
      region: props.region,
      addressType: 'EXTERNAL',
      networkTier: 'PREMIUM',
      description: 'Static egress IP of LangSmith (allow-list it at beacon.langchain.com and ClickHouse Cloud).',
      labels: props.labels,
      dependsOn: props.dependsOn,
      lifecycle: { preventDestroy: props.deletionProtection ?? true },
    }));
    this.nat = new ComputeRouterNat(this, 'Nat', {
      name: `${props.name}-nat`,
      project: props.project,
      region: props.region,
      router: this.router.name,
      natIpAllocateOption: 'MANUAL_ONLY',
      natIps: this.addresses.map((a) => a.selfLink),
      sourceSubnetworkIpRangesToNat: props.subnetworkIds ? 'LIST_OF_SUBNETWORKS' : 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      subnetwork: props.subnetworkIds?.map((s) => ({ name: s, sourceIpRangesToNat: ['ALL_IP_RANGES'] })),
      enableDynamicPortAllocation: true,
      enableEndpointIndependentMapping: false,
      minPortsPerVm: minPorts,
      maxPortsPerVm: maxPorts,
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
    this.egress = { addresses: this.addresses.map((a) => a.address) };
  }
}
