import { makeStaticStyles, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';
import { visuallyHidden } from './visually-hidden';

/** Below this width a phone is assumed: the top bar shows icons only and tables are drawn as cards. */
export const PHONE = '@media (max-width: 599px)';

// On a phone a table's columns do not fit beside each other: the frame scrolled sideways and the last columns (a
// product key's actions, a contract's dates) were off the screen. There each row becomes a card and each cell a line
// that starts with its column's name; the header row is left to screen readers.
const tableSelector = 'table.fui-Table';
const row = `${tableSelector} > tbody > tr`;
// A string, not an object: griffel's static styles do not take a media query as a key.
const useStackedTableStyles = makeStaticStyles(`${PHONE} {
  ${tableSelector}, ${tableSelector} > tbody, ${row} { display: block; width: auto; }
  ${tableSelector} > thead { ${toCss(visuallyHidden)} }
  ${row} { padding-block: ${tokens.spacingVerticalS}; }
  ${row} > td {
    display: flex; flex-wrap: wrap; align-items: center; column-gap: ${tokens.spacingHorizontalS};
    height: auto; min-height: 32px; text-align: start; /* numbers too: under a name, not at the far edge */
  }
  /* A value too long for the rest of the line (a product key, an e-mail address) goes under its name. */
  ${row} > td:not([data-label=""])::before {
    content: attr(data-label); flex: 0 0 9em; font-weight: ${tokens.fontWeightSemibold};
    font-family: ${tokens.fontFamilyBase}; /* not the monospace of a part number or License ID cell */
  }
}`);

/** CSS declarations of a style object (camelCase properties, plain values). */
function toCss(style: Record<string, string | number>): string {
  return Object.entries(style)
    .map(([property, value]) => `${property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${value};`)
    .join(' ');
}

/** Gives every body cell of every table in `root` its column's name, from the header row, as `data-label`. */
function labelTableCells(root: ParentNode): void {
  for (const table of root.querySelectorAll('table')) {
    const names = Array.from(table.querySelectorAll(':scope > thead > tr:first-child > th'), (th) =>
      (th.textContent ?? '').trim(),
    );
    for (const tr of table.querySelectorAll(':scope > tbody > tr')) {
      let column = 0;
      for (const cell of tr.children) {
        const span = (cell as HTMLTableCellElement).colSpan || 1;
        // A cell across several columns (an order's lines under it) belongs to none of them.
        const name = span === 1 ? (names[column] ?? '') : '';
        if (cell.getAttribute('data-label') !== name) cell.setAttribute('data-label', name);
        column += span;
      }
    }
  }
}

/**
 * Tables as cards on phones, for the whole app: the styles above, and the column names copied into the cells as rows
 * come and go and the language changes — every table, without each page having to say it.
 */
export function useStackedTablesOnPhones(): void {
  useStackedTableStyles();
  useEffect(() => {
    labelTableCells(document.body);
    // Setting an attribute is not a change this observer watches: no loop.
    const observer = new MutationObserver(() => labelTableCells(document.body));
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, []);
}
