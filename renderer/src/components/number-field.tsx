// A labelled number input whose value is the text typed: the section that owns it checks the number,
// so a half-typed one ("0.") is never rewritten under the user's fingers.
interface NumberFieldProps {
  id: string;
  label: string;
  min: number;
  max: number;
  step: number;
  value: string;
  onChange(value: string): void;
  testId: string;
}

export function NumberField({ id, label, min, max, step, value, onChange, testId }: NumberFieldProps) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input"
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </div>
  );
}
