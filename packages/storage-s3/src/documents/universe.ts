import { DOCUMENT_KEYS } from './keys';
import { getText, type S3Location } from './object-store';

/**
 * `config/universe.csv`: an optional replacement for the Russell 1000 list shipped with
 * market-data (`ticker,name,sector`). Use `get` before a scan; null means "use the shipped list".
 * The text is returned as stored: market-data's `parseUniverseCsv` validates it.
 */
export class S3UniverseOverride {
  constructor(
    private readonly location: S3Location,
    private readonly key: string = DOCUMENT_KEYS.universe,
  ) {}

  /** The override CSV, or null when the bucket has none. */
  get(): Promise<string | null> {
    return getText(this.location, this.key);
  }
}
