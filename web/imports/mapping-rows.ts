/** A field a file column can fill, as the preview lists it. */
export interface ImportField {
  key: string;
  label: string;
  type: string;
  required: boolean;
}

/** One line of the mapping step: a column of the file, its sample values and the field it fills. */
export interface MappingRow {
  header: string;
  samples: string[];
  field: string | null;
  /** `suggested`: the server matched it by label or key; `manual`: the user chose; `ignored`: left out. */
  source: 'suggested' | 'manual' | 'ignored';
  /** Another column fills the same field. */
  duplicate: boolean;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/**
 * The mapping step's lines: every named column with up to three sample values, the field it
 * maps to (the user's choice over the server's suggestion) and whether that field is taken twice.
 */
export function mappingRows(
  headers: string[],
  rows: unknown[][],
  suggested: Record<string, string | null>,
  chosen: Record<string, string | null>,
): MappingRow[] {
  const lines = headers
    .map((header, i) => ({ header, i }))
    .filter(({ header }) => header.trim() !== '')
    .map(({ header, i }): MappingRow => {
      const manual = Object.prototype.hasOwnProperty.call(chosen, header);
      const field = (manual ? chosen[header] : suggested[header]) ?? null;
      return {
        header,
        samples: rows
          .map((r) => text(r[i]))
          .filter(Boolean)
          .slice(0, 3),
        field,
        source:
          field === null
            ? 'ignored'
            : manual && chosen[header] !== suggested[header]
              ? 'manual'
              : 'suggested',
        duplicate: false,
      };
    });
  const counts = new Map<string, number>();
  for (const l of lines) if (l.field) counts.set(l.field, (counts.get(l.field) ?? 0) + 1);
  return lines.map((l) => ({ ...l, duplicate: !!l.field && counts.get(l.field)! > 1 }));
}

/** The mapping to send: header → field key, or null to leave the column out. */
export const mappingOf = (lines: MappingRow[]): Record<string, string | null> =>
  Object.fromEntries(lines.map((l) => [l.header, l.field]));

/** Required fields no column fills (their rows would fail). */
export const unmappedRequired = (lines: MappingRow[], fields: ImportField[]): ImportField[] =>
  fields.filter((f) => f.required && !lines.some((l) => l.field === f.key));
