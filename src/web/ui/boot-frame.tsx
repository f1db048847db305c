/**
 * The frame index.html paints before the scripts load (see boot.css), drawn again by React while the
 * first answers (branding, who is signed in) are on their way, so a slow start never falls back to a
 * blank page. The brand name is read from the server-filled frame before React replaces it; the colour
 * stays in the <style> the server put in the head.
 */
const bootName =
  typeof document === 'undefined'
    ? ''
    : (document.querySelector('[data-testid="boot-brand"]')?.textContent ?? '').trim();

export function BootFrame({ label = 'Loading', name }: { label?: string; name?: string | undefined }) {
  return (
    <div className="portico-boot" data-testid="boot-frame">
      <header className="portico-boot-header">
        <span className="portico-boot-brand" data-testid="boot-brand">
          {name ?? bootName}
        </span>
      </header>
      <nav className="portico-boot-nav" aria-hidden="true">
        <span />
        <span />
        <span />
        <span />
      </nav>
      <main className="portico-boot-main">
        <p role="status">{label}…</p>
      </main>
    </div>
  );
}
