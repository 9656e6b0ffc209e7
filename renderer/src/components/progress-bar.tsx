// A labelled progress bar; without a known total it shows activity instead of a fraction.
interface ProgressBarProps {
  label: string;
  /** Accessible name of the bar itself. */
  name: string;
  done: number;
  total: number | null;
  testId?: string;
}

export function ProgressBar({ label, name, done, total, testId }: ProgressBarProps) {
  const known = total !== null && total > 0;
  const pct = known ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className={`progress${known ? '' : ' progress-indeterminate'}`} data-testid={testId}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={name}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={label}
      >
        <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      <div className="progress-label">{label}</div>
    </div>
  );
}
