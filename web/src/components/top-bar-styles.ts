import { buttonClassNames, makeStyles, tokens } from '@fluentui/react-components';
import { PHONE } from './phone-layout';
import { visuallyHidden } from './visually-hidden';

// Fluent buttons are drawn for neutral surfaces; on the brand-coloured bar their text and hover colours
// must switch to the on-brand pair to keep their contrast.
export const useTopBarStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minHeight: '48px',
    paddingInline: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: {
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    textDecorationLine: 'none',
    paddingInline: tokens.spacingHorizontalS,
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, textDecorationLine: 'underline' },
    ':hover:active': { color: tokens.colorNeutralForegroundOnBrand },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralForegroundOnBrand}` },
  },
  spacer: { flexGrow: 1 },
  // On a phone the bar has room for icons only: a button's words are then hidden from sight but still name it for
  // screen readers, and the button shrinks to its icon.
  compactButton: { [PHONE]: { minWidth: 'auto' } },
  compactLabel: { [PHONE]: visuallyHidden },
  button: {
    color: tokens.colorNeutralForegroundOnBrand,
    [`& .${buttonClassNames.icon}`]: { color: tokens.colorNeutralForegroundOnBrand },
    ':hover': {
      backgroundColor: tokens.colorBrandBackgroundHover,
      color: tokens.colorNeutralForegroundOnBrand,
      [`& .${buttonClassNames.icon}`]: { color: tokens.colorNeutralForegroundOnBrand },
    },
    ':hover:active': {
      backgroundColor: tokens.colorBrandBackgroundPressed,
      color: tokens.colorNeutralForegroundOnBrand,
      [`& .${buttonClassNames.icon}`]: { color: tokens.colorNeutralForegroundOnBrand },
    },
  },
});
