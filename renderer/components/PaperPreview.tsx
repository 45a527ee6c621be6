import type { PaperBlock, PaperDocument } from '../../electron/ipc';
import { QrCode } from './QrCode';

/** The backup kit as print-ready pages: what Print sends to the printer (print CSS hides everything else). */
export function PaperPreview({ doc }: { doc: PaperDocument }) {
  return (
    // Like the words grid: what is shown to be printed is never selectable or copyable.
    <div className="paper-preview" data-testid="paper-preview" onCopy={(e) => e.preventDefault()} onCut={(e) => e.preventDefault()}>
      {doc.pages.map((page, i) => (
        <section key={i} className={`paper-page paper-${doc.paper}`} aria-label={`Sheet ${i + 1}: ${page.title}`}>
          <header className="paper-header">
            <strong>{page.title}</strong>
            <span className="mono">Permafrost · wallet {doc.fingerprint}</span>
          </header>
          {page.blocks.map((b, k) => (
            <PaperBlockView key={k} block={b} />
          ))}
          <footer className="paper-footer">
            {page.secret ? 'SECRET — keep safe · ' : ''}sheet {i + 1} of {doc.pages.length}
          </footer>
        </section>
      ))}
    </div>
  );
}

function PaperBlockView({ block: b }: { block: PaperBlock }) {
  switch (b.kind) {
    case 'heading':
      return <h3>{b.text}</h3>;
    case 'paragraph':
      return <p className={b.emphasis === 'warning' ? 'paper-warning' : b.emphasis === 'muted' ? 'paper-muted' : undefined}>{b.text}</p>;
    case 'fields':
      return (
        <dl className="paper-fields">
          {b.rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="mono">{v}</dd>
            </div>
          ))}
        </dl>
      );
    case 'write-line':
      return (
        <p className="paper-write-line">
          <span>{b.label}</span>
          <span className="paper-line" />
        </p>
      );
    case 'words': {
      const columns = b.words.length > 12 ? 3 : 2;
      return (
        <ol className="paper-words" style={{ gridTemplateRows: `repeat(${Math.ceil(b.words.length / columns)}, auto)` }}>
          {b.words.map((w, i) => (
            <li key={i}>
              <span className="paper-n">{i + 1}.</span> <b className="mono">{w}</b> <span className="mono paper-abbr">{b.abbreviations[i]}</span>
            </li>
          ))}
        </ol>
      );
    }
    case 'qrs':
      return (
        <div className="paper-qrs">
          {b.codes.map((c, i) => (
            <figure key={i}>
              <QrCode qr={{ text: c.caption, size: c.matrix.size, modules: c.matrix.modules }} label={c.caption} size={b.codes.length > 1 ? 200 : 260} />
              <figcaption>{c.caption}</figcaption>
            </figure>
          ))}
        </div>
      );
    case 'plate':
      return (
        <div className="paper-plate">
          {b.rows.map((letters, i) => (
            <div key={i} className="paper-plate-row">
              <span className="paper-n">{i + 1}</span>
              {[0, 1, 2, 3].map((k) => (
                <span key={k} className="paper-box mono">
                  {letters?.[k] ?? ''}
                </span>
              ))}
            </div>
          ))}
        </div>
      );
    case 'addresses':
      return (
        <div className="paper-addresses">
          {b.rows.map((r) => (
            <div key={r.path} className="paper-address">
              <QrCode qr={{ text: r.address, size: r.matrix.size, modules: r.matrix.modules }} label={`QR of ${r.address}`} size={96} />
              <div>
                <div className="paper-muted mono">{r.path}</div>
                <div className="mono">{r.address.replace(/(.{4})/g, '$1 ').trim()}</div>
              </div>
            </div>
          ))}
        </div>
      );
    case 'mono':
      return (
        <pre className="paper-mono mono">
          {b.lines.filter(Boolean).join('\n')}
        </pre>
      );
  }
}
