import type { Locale } from 'antd/es/locale';
import antdZhCN from 'antd/locale/zh_CN';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'tessera.lang';

function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return (LANGUAGES as readonly string[]).includes(saved ?? '') ? (saved as Language) : 'zh-CN';
}

/** Ant Design's texts (pagination, pickers, empty states…) per language; English arrives with its bundle. */
const antdLocales: Partial<Record<Language, Locale>> = { 'zh-CN': antdZhCN };

/**
 * Chinese ships with the app; English (ours and Ant Design's) is fetched the first time it is
 * chosen, so the default language's first visit does not download the other one.
 */
export async function loadLanguage(lang: Language): Promise<void> {
  if (lang !== 'en' || i18n.hasResourceBundle('en', 'translation')) return;
  const [{ default: en }, { default: antdEn }] = await Promise.all([
    import('./en'),
    import('antd/locale/en_US'),
  ]);
  i18n.addResourceBundle('en', 'translation', en);
  antdLocales.en = antdEn;
}

/** Ant Design's locale for `lang` (Chinese until English has loaded). */
export const antdLocale = (lang: string): Locale => antdLocales[lang as Language] ?? antdZhCN;

const initial = initialLanguage();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Resolves once the saved language's texts are here (at once for Chinese); render-app waits for it. */
export const languageReady: Promise<void> =
  initial === 'zh-CN'
    ? Promise.resolve()
    : loadLanguage(initial).then(
        () => void i18n.changeLanguage(initial),
        () => undefined,
      );

/** Switches the language (fetching its texts first if needed) and remembers it. */
export async function setLanguage(lang: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lang);
  await loadLanguage(lang);
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export default i18n;
