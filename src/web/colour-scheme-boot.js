// Runs before the first paint (a blocking script at the top of <head>): puts the page in the colour scheme
// the person chose (kept in localStorage under the key in ui/colour-scheme.ts) or, without a choice, the
// one the device asks for, so a dark page never flashes white while the app loads.
(() => {
  let scheme = 'light';
  try {
    const chosen = window.localStorage.getItem('portico-colour-scheme');
    if (chosen === 'light' || chosen === 'dark') scheme = chosen;
    else if (window.matchMedia('(prefers-color-scheme: dark)').matches) scheme = 'dark';
  } catch {
    // Storage can be refused (private windows, policies): the light scheme then stands until the app loads.
  }
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  document.documentElement.style.colorScheme = scheme;
})();
