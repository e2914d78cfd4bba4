import { makeStyles } from '@fluentui/react-components';

/** Hides from sight, not from screen readers: for makeStyles, also under a media query. */
export const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

const useStyles = makeStyles({ hidden: visuallyHidden });

/** Class for text that screen readers announce but sighted users do not need to see. */
export function useVisuallyHiddenClass(): string {
  return useStyles().hidden;
}
