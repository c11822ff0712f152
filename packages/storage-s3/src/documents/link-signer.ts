import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { LinkSigner } from '@tradebot/core-domain';
import { InvalidDocumentInputError } from '../errors';
import type { S3Location } from './object-store';

/** Default validity of a download link: one hour. */
export const DEFAULT_LINK_EXPIRY_SECONDS = 3600;
// SigV4 presigned URLs cannot outlive seven days.
const MAX_LINK_EXPIRY_SECONDS = 7 * 24 * 3600;

/**
 * Presigned GET links to objects of the data bucket (e.g. `/export` sends the CSV's link).
 * Signing is local: no request is made, and the link works only until it expires.
 */
export class S3LinkSigner implements LinkSigner {
  constructor(
    private readonly location: S3Location,
    private readonly defaultExpirySeconds: number = DEFAULT_LINK_EXPIRY_SECONDS,
  ) {
    S3LinkSigner.check(defaultExpirySeconds);
  }

  async downloadUrl(key: string, expiresInSeconds?: number): Promise<string> {
    const expiresIn = S3LinkSigner.check(expiresInSeconds ?? this.defaultExpirySeconds);
    return getSignedUrl(this.location.client, new GetObjectCommand({ Bucket: this.location.bucket, Key: key }), { expiresIn });
  }

  private static check(seconds: number): number {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_LINK_EXPIRY_SECONDS) {
      throw new InvalidDocumentInputError(`Link expiry must be a whole number of seconds between 1 and ${MAX_LINK_EXPIRY_SECONDS}, got ${seconds}.`);
    }
    return seconds;
  }
}
