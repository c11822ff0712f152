/**
 * Optional documents (rules, blacklist, tips, the latest scan): what a reader gets when one cannot
 * be read, and how that is said to a person. One mechanism for every reader (the bot, the daily
 * job, the scan): a read yields the value, or a fallback plus the problem; the reader carries on
 * with the fallback, says so once, logs the cause, and never writes the unreadable object.
 */
import { CorruptDocumentError, DependencyError, describeError } from './errors';
import type { Rules } from './rules';

/** The documents a reader can do without. */
export const OptionalDocument = {
  Rules: 'rules',
  Blacklist: 'blacklist',
  Tips: 'tips',
  LatestScan: 'latest-scan',
  Notifications: 'notifications',
  Lessons: 'lessons',
} as const;
export type OptionalDocument = (typeof OptionalDocument)[keyof typeof OptionalDocument];

/** Why an optional document was not used. */
export interface DocumentProblem {
  readonly document: OptionalDocument;
  /** The object's key (`config/rules.json`). */
  readonly key: string;
  /** `corrupt`: the object exists but does not parse; `unavailable`: the store did not answer. */
  readonly kind: 'corrupt' | 'unavailable';
  /** What is wrong, naming the line or field when the object is corrupt (`line 3 is not a ticker: ...`). */
  readonly reason: string;
  /** The error behind it, for logs and for a reader that must not go on without a reachable store. */
  readonly cause: unknown;
}

/** The outcome of reading an optional document: its value, or a fallback and the problem. */
export type DocumentRead<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly value: T; readonly problem: DocumentProblem };

/** An optional document's `read`: never rejects for a corrupt object or an unreachable store. */
export interface ReadableDocument<T> {
  read(): Promise<DocumentRead<T>>;
}

/**
 * Runs an adapter's strict read and turns "corrupt" (`CorruptDocumentError`) and "unreachable"
 * (`DependencyError`) into a `DocumentRead` carrying `fallback`. Use it to implement `read()` of an
 * optional document; any other error is a bug and is rethrown.
 */
export async function readOptionalDocument<T>(source: { readonly document: OptionalDocument; readonly key: string }, read: () => Promise<T>, fallback: T): Promise<DocumentRead<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof CorruptDocumentError) {
      return { ok: false, value: fallback, problem: { document: source.document, key: error.key, kind: 'corrupt', reason: error.reason, cause: error } };
    }
    if (error instanceof DependencyError) {
      return { ok: false, value: fallback, problem: { document: source.document, key: source.key, kind: 'unavailable', reason: error.message, cause: error } };
    }
    throw error;
  }
}

/** The fields of a problem worth a log line (the cause's message, not the object). */
export function problemLogFields(problem: DocumentProblem): Record<string, string> {
  return {
    document: problem.document,
    key: problem.key,
    kind: problem.kind,
    reason: problem.reason,
    err: describeError(problem.cause, { withName: true }),
  };
}

type Language = Rules['language'];

const NOTICES = {
  en: {
    sentence: (key: string, reason: string, consequence: string, advice: string) => `${key} could not be read (${reason}); ${consequence}. ${advice}`,
    unreachable: 'the storage did not answer',
    retry: 'It is read again next time.',
    rules: ['default rules were used', 'Fix the file to use yours again.'],
    blacklist: ['the blacklist was not applied', 'Fix or delete the file.'],
    tips: ['your notes were left out', 'Fix or delete the file.'],
    'latest-scan': ['scan candidates were left out', 'The next scan writes a new one.'],
    notifications: ['your /notify settings were not applied (everything was sent as usual)', 'Fix the file or set them again with /notify.'],
    lessons: ['the monthly lessons were left out', 'Fix or delete the file; the next monthly review writes a new one.'],
  },
  es: {
    sentence: (key: string, reason: string, consequence: string, advice: string) => `No se pudo leer ${key} (${reason}); ${consequence}. ${advice}`,
    unreachable: 'el almacenamiento no respondió',
    retry: 'Se volverá a leer la próxima vez.',
    rules: ['se usaron las reglas por defecto', 'Corrige el archivo para volver a usar las tuyas.'],
    blacklist: ['no se aplicó la lista negra', 'Corrige o borra el archivo.'],
    tips: ['se omitieron tus notas', 'Corrige o borra el archivo.'],
    'latest-scan': ['se omitieron los candidatos del escaneo', 'El próximo escaneo escribirá uno nuevo.'],
    notifications: ['no se aplicaron tus ajustes de /avisos (todo se envió como siempre)', 'Corrige el archivo o vuelve a fijarlos con /avisos.'],
    lessons: ['se omitieron las lecciones del mes', 'Corrige o borra el archivo; la próxima revisión mensual escribirá uno nuevo.'],
  },
} as const;

function noticeIn(problem: DocumentProblem, language: Language): string {
  const t = NOTICES[language];
  const [consequence, fix] = t[problem.document];
  return problem.kind === 'unavailable' ? t.sentence(problem.key, t.unreachable, consequence, t.retry) : t.sentence(problem.key, problem.reason, consequence, fix);
}

/**
 * The one-line notice a person reads about a problem (plain text: escape it for HTML). When the
 * rules themselves could not be read, the reader's language is unknown (it lives in the rules), so
 * that notice is given in English and Spanish.
 */
export function documentNotice(problem: DocumentProblem, language: Language): string {
  if (problem.document === OptionalDocument.Rules) return `${noticeIn(problem, 'en')}\n${noticeIn(problem, 'es')}`;
  return noticeIn(problem, language);
}
