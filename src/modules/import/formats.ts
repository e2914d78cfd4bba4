// Import files (docs/import.md): CSV (RFC 4180, UTF-8, header row) or JSON (an array of records), one kind per file.
// This file turns a file into the records the partner API takes — nothing is checked here beyond the file's shape;
// the records are validated by the import service with the API's own schemas.
//
// Row numbers: in a CSV file the header is row 1 and the first data row is row 2 (as a spreadsheet shows them); in a
// JSON file the first record is row 1.
import { CONTACT_KINDS } from '../../domain/vl-roles.js';
import type { ImportKind } from './service.js';

export class ImportFileError extends Error {}

/** Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new ImportFileError(`row ${rows.length + 1}: a quoted field is not closed`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** One record for the import service and the file rows it came from (several for an order in CSV). */
export type SourceRecord = { record: unknown; rows: number[] };
export type ParsedFile = { kind: ImportKind; records: SourceRecord[] };

const ORDER_FIELDS = ['licenseIdNumber', 'partnerOrderNumber', 'customerOrderNumber', 'orderedOn', 'usageStart'];

/** The kind a file holds, from its CSV header or its first JSON record. */
function guessKind(fields: string[]): ImportKind | undefined {
  if (fields.includes('partnerOrderNumber')) return 'orders';
  if (fields.includes('number') && fields.includes('organizationId')) return 'license-ids';
  if (fields.includes('pcns')) return 'organizations';
  return undefined;
}

function kindOf(explicit: ImportKind | undefined, fields: string[], file: string): ImportKind {
  const kind = explicit ?? guessKind(fields);
  if (!kind)
    throw new ImportFileError(
      `${file}: cannot tell what the file holds from its ${fields.length ? 'fields' : 'content'}; pass --kind organizations|license-ids|orders`,
    );
  return kind;
}

/** A CSV cell as a record value: empty is "not given"; quantity is a number when it is written as one. */
function cell(name: string, value: string): unknown {
  if (value === '') return undefined;
  if (name === 'quantity' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return value;
}

function setIfGiven(target: Record<string, unknown>, name: string, value: unknown) {
  if (value !== undefined) target[name] = value;
}

export function parseImportFile(text: string, file: string, explicit?: ImportKind): ParsedFile {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new ImportFileError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(data)) throw new ImportFileError(`${file}: a JSON import file must be an array of records`);
    const first = data[0] as unknown;
    const kind = kindOf(explicit, first && typeof first === 'object' ? Object.keys(first) : [], file);
    return { kind, records: data.map((record: unknown, i) => ({ record, rows: [i + 1] })) };
  }
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const kind = kindOf(explicit, header, file);
  const records: SourceRecord[] = [];
  const dataRows = rows
    .slice(1)
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter(({ cells }) => !(cells.length === 1 && cells[0] === '')); // blank lines
  const valuesOf = (cells: string[]) => {
    const values: Record<string, string> = {};
    header.forEach((name, i) => (values[name] = cells[i] ?? ''));
    // A row with more cells than the header: keep the extras under a name the schema refuses.
    for (let i = header.length; i < cells.length; i++) values[`column${i + 1}`] = cells[i]!;
    return values;
  };

  if (kind === 'orders') {
    let current: { number: string; record: Record<string, unknown>; rows: number[] } | undefined;
    for (const { cells, row } of dataRows) {
      const values = valuesOf(cells);
      const line: Record<string, unknown> = {};
      const order: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) {
        if (ORDER_FIELDS.includes(name)) setIfGiven(order, name, cell(name, value));
        else setIfGiven(line, name, cell(name, value)); // a line field, or unknown (which the schema refuses)
      }
      const number = values.partnerOrderNumber ?? '';
      if (current && number !== '' && number === current.number) {
        (current.record.lines as unknown[]).push(line);
        current.rows.push(row);
        continue;
      }
      current = { number, record: { ...order, lines: [line] }, rows: [row] };
      records.push({ record: current.record, rows: current.rows });
    }
    return { kind, records };
  }

  for (const { cells, row } of dataRows) {
    const values = valuesOf(cells);
    const record: Record<string, unknown> = {};
    if (kind === 'license-ids') {
      const contacts = new Map<string, Record<string, unknown>>();
      for (const [name, value] of Object.entries(values)) {
        const contact = /^contact\.([a-z-]+)\.(name|email)$/.exec(name);
        if (contact && (CONTACT_KINDS as readonly string[]).includes(contact[1]!)) {
          if (value === '') continue;
          const entry = contacts.get(contact[1]!) ?? { kind: contact[1]! };
          entry[contact[2]!] = value;
          contacts.set(contact[1]!, entry);
        } else setIfGiven(record, name, cell(name, value));
      }
      record.contacts = [...contacts.values()];
    } else {
      for (const [name, value] of Object.entries(values)) {
        if (name === 'pcns')
          setIfGiven(
            record,
            name,
            value === ''
              ? undefined
              : value
                  .split(';')
                  .map((p) => p.trim())
                  .filter((p) => p !== ''),
          );
        else setIfGiven(record, name, cell(name, value));
      }
    }
    records.push({ record, rows: [row] });
  }
  return { kind, records };
}

/**
 * The file row and field a rejected record's problem points at: for a CSV order, `lines.3.quantity` is the `quantity`
 * cell of the order's fourth row.
 */
export function locate(source: SourceRecord, field: string, csv: boolean): { row: number; field: string } {
  if (csv) {
    const line = /^lines\.(\d+)\.(.+)$/.exec(field);
    if (line && source.rows[Number(line[1])] !== undefined)
      return { row: source.rows[Number(line[1])]!, field: line[2]! };
    const contact = /^contacts\.(\d+)\.(name|email|kind)$/.exec(field);
    if (contact) {
      const kind = ((source.record as { contacts?: { kind?: string }[] }).contacts ?? [])[Number(contact[1])]?.kind;
      if (kind) return { row: source.rows[0]!, field: `contact.${kind}.${contact[2]}` };
    }
  }
  return { row: source.rows[0]!, field };
}
