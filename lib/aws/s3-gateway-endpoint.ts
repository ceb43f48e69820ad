import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { checkRegion } from './common';

/** Properties of {@link S3GatewayEndpoint}. */
export interface S3GatewayEndpointProps {
  /** ID of the VPC the endpoint is created in. */
  readonly vpcId: string;
  /** AWS region of the VPC (the endpoint serves `com.amazonaws.<region>.s3`). */
  readonly region: string;
  /** Route tables whose subnets reach S3 through the endpoint. */
  readonly routeTableIds: string[];
}

/**
 * An S3 gateway VPC endpoint: trace payloads go to the bucket over the AWS network, not
 * through the NAT gateways (no NAT data-processing charges, no internet path). Use it alone
 * on an existing VPC with its route table ids.
 */
export class S3GatewayEndpoint extends Construct {
  public readonly endpoint: VpcEndpoint;

  constructor(scope: Construct, id: string, props: S3GatewayEndpointProps) {
    super(scope, id);
    checkRegion(this, 'region', props.region);
    this.endpoint = new VpcEndpoint(this, 'Endpoint', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: props.routeTableIds,
      tags: { Name: 's3-gateway' },
    });
  }
}
