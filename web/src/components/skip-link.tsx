import { makeStyles, tokens } from '@fluentui/react-components';
import type { MouseEvent } from 'react';
import { useT } from '../i18n/i18n';

export const mainContentId = 'main-content';

const useStyles = makeStyles({
  link: {
    position: 'absolute',
    insetInlineStart: '-10000px',
    top: tokens.spacingVerticalS,
    zIndex: 1000,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForegroundLink,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow16,
    ':focus': {
      insetInlineStart: tokens.spacingHorizontalS,
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    },
  },
});

export function SkipLink() {
  const t = useT();
  const styles = useStyles();
  // The router owns the URL, so move focus by hand instead of letting the browser add `#main-content`.
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById(mainContentId)?.focus();
  };
  return (
    <a className={styles.link} href={`#${mainContentId}`} onClick={onClick}>
      {t('app.skipToMain')}
    </a>
  );
}
