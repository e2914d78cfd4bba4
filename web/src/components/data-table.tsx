import {
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableHeader,
  TableHeaderCell,
  TableRow,
  type TableProps,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  // Columns as wide as their content: Fluent's fixed layout cuts long sign-in names and domains off.
  table: { tableLayout: 'auto' },
  number: { textAlign: 'end' },
});

type DataTableProps = {
  /** The table's accessible name — or `labelledBy`, the id of the heading that names it. */
  label?: string;
  labelledBy?: string;
  /** Header cells, in order. */
  columns: readonly string[];
  /** Indexes of the columns of numbers, whose header is right-aligned like their cells. */
  numeric?: readonly number[];
  size?: TableProps['size'];
  className?: string;
  /** The rows: one `<TableRow key=…>` per item. */
  children: ReactNode;
};

/** A table with one header row: the markup every list of the app shares (on phones drawn as cards: phone-layout.ts). */
export function DataTable({ label, labelledBy, columns, numeric = [], size, className, children }: DataTableProps) {
  const styles = useStyles();
  return (
    <Table
      className={mergeClasses(styles.table, className)}
      size={size}
      aria-label={label}
      aria-labelledby={labelledBy}
    >
      <TableHeader>
        <TableRow>
          {columns.map((column, i) => (
            <TableHeaderCell key={column} className={numeric.includes(i) ? styles.number : undefined}>
              {column}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>{children}</TableBody>
    </Table>
  );
}
