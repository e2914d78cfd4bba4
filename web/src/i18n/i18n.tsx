import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../api/client';
import { useMe, useSavePreferences } from '../api/session';
import en, { type Messages } from './en';
import nl from './nl';

export const locales: readonly Locale[] = ['en', 'nl'];
const catalogs: Record<Locale, Messages> = { en, nl };

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18nContextValue {
  locale: Locale;
  t: Translate;
  /** Saved to the user's preferences when signed in; kept in this browser otherwise. */
  setLocale: (locale: Locale, options?: { onError?: (error: unknown) => void }) => void;
}

const I18nContext = createContext<I18nContextValue | null>(null);

// Only for people who are not signed in: a signed-in user's choice lives in their preferences.
const STORAGE_KEY = 'vlcenter.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

function storedLocale(): Locale | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage can be disabled; the choice then lasts until reload, which is acceptable.
  }
}

function browserLocale(): Locale {
  const wanted = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return 'en';
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const me = useMe().data;
  const savePreferences = useSavePreferences();
  const [chosen, setChosen] = useState<Locale | null>(storedLocale);
  const locale: Locale = me?.preferences.locale ?? chosen ?? browserLocale();

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const t = useCallback<Translate>(
    (key, params) => format(lookup(catalogs[locale], key) ?? lookup(en, key) ?? key, params),
    [locale],
  );

  const { mutate } = savePreferences;
  const signedIn = Boolean(me);
  const setLocale = useCallback<I18nContextValue['setLocale']>(
    (next, options) => {
      setChosen(next);
      storeLocale(next);
      if (signedIn) mutate({ locale: next }, { onError: options?.onError });
    },
    [mutate, signedIn],
  );

  const value = useMemo(() => ({ locale, t, setLocale }), [locale, t, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n needs an <I18nProvider> above it');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
