import { createContext, useContext, useEffect } from 'react';

/**
 * The browser tab's title: the face's own (from the branding, in the viewer's language), with the page's
 * when a page names itself (a ticket: "T-1042 Printer jam · Acme client portal"). AppProviders writes
 * document.title from both, again whenever the language, the branding or the page changes; a page that
 * named itself gives the name back when it goes, so the next page does not keep it.
 */
export const PageTitleContext = createContext<(title: string | null) => void>(() => {});

/** Names the page in the tab's title while it is shown (null or '' for the face's title alone). */
export function usePageTitle(title: string | null | undefined): void {
  const setPageTitle = useContext(PageTitleContext);
  useEffect(() => {
    setPageTitle(title || null);
    return () => setPageTitle(null);
  }, [setPageTitle, title]);
}
