import {
  Button,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  mergeClasses,
  type MenuProps,
} from '@fluentui/react-components';
import { LocalLanguage20Regular } from '@fluentui/react-icons';
import { locales, useI18n } from '../i18n/i18n';
import { useReportSaveError } from './notifications';
import { useTopBarStyles } from './top-bar-styles';
import { useVisuallyHiddenClass } from './visually-hidden';

export function LanguageSwitcher() {
  const { locale, setLocale, t } = useI18n();
  const styles = useTopBarStyles();
  const hidden = useVisuallyHiddenClass();
  const reportError = useReportSaveError();

  const onCheckedValueChange: MenuProps['onCheckedValueChange'] = (_event, data) => {
    const next = locales.find((candidate) => candidate === data.checkedItems[0]);
    if (next && next !== locale) setLocale(next, { onError: reportError });
  };

  return (
    <Menu checkedValues={{ locale: [locale] }} onCheckedValueChange={onCheckedValueChange}>
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          className={mergeClasses(styles.button, styles.compactButton)}
          icon={<LocalLanguage20Regular />}
        >
          {/* The visible language name is part of the accessible name, prefixed by what the button is for. */}
          <span className={hidden}>{t('language.label')}: </span>
          <span className={styles.compactLabel}>{t(`language.${locale}`)}</span>
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {locales.map((candidate) => (
            // Each language is named in itself, so the lang attribute lets screen readers pronounce it right.
            <MenuItemRadio key={candidate} name="locale" value={candidate} lang={candidate}>
              {t(`language.${candidate}`)}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
