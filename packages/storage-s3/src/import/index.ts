export {
  parseTradeHistoryCsv,
  parseLooseDate,
  parseLooseDecimal,
  IMPORT_HEADER_ALIASES,
  type ImportField,
  type ParsedTradeHistory,
  type ParsedTradeRow,
  type RowError,
} from './parse-csv';
export { importTradeHistory, type ImportReport, type ImportedRow } from './import-history';
