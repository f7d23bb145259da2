import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '../../src/http/csrf.ts';

export type FieldErrors = Partial<Record<string, string>>;

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/** A labelled text input with its hint and its error. */
export function Field(props: {
  name: string;
  id?: string;
  label: string;
  type?: string;
  value?: string;
  hint?: string;
  error?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  minlength?: number;
  autofocus?: boolean;
  class?: string;
}) {
  return (
    <FieldFrame {...props}>
      {(aria) => (
        <input
          {...aria}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          required={props.required}
          maxlength={props.maxlength}
          minlength={props.minlength}
          autofocus={props.autofocus}
        />
      )}
    </FieldFrame>
  );
}

export function Notice(props: { kind: 'error' | 'info' | 'success' | 'warning'; children: Child }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

interface FieldFrame {
  name: string;
  /** When one page has several forms with a field of this name: an id of its own. */
  id?: string | undefined;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: (aria: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => Child;
  class?: string;
}

/** Label, hint and error around any control, tied together for screen readers. */
function FieldFrame(props: FieldFrame) {
  const id = props.id ?? `field-${props.name.replace(/\W/g, '-')}`;
  const describedBy = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={[props.error ? 'field field-invalid' : 'field', props.class].filter(Boolean).join(' ')}>
      <label for={id}>{props.label}</label>
      {props.children({
        id,
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {props.hint && <p class="hint" id={`${id}-hint`}>{props.hint}</p>}
      {props.error && <p class="error" id={`${id}-error`} role="alert">{props.error}</p>}
    </div>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  hint?: string | undefined;
  error?: string | undefined;
  class?: string;
  attributes?: Record<string, string>;
}) {
  return (
    <FieldFrame {...props}>
      {(aria) => (
        <select {...aria} name={props.name} {...props.attributes}>
          {props.options.map((option) => (
            <option value={option.value} selected={option.value === props.value}>{option.label}</option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function TextareaField(props: { name: string; label: string; value: string; hint?: string; error?: string | undefined; rows?: number; class?: string }) {
  return (
    <FieldFrame {...props}>
      {(aria) => <textarea {...aria} name={props.name} rows={props.rows ?? 2}>{props.value}</textarea>}
    </FieldFrame>
  );
}

/** A number input that accepts decimals; the server does the real validation. */
export function NumberField(props: { name: string; label: string; value: string; hint?: string; error?: string | undefined; step?: string; class?: string }) {
  return (
    <FieldFrame {...props}>
      {(aria) => <input {...aria} name={props.name} type="text" inputmode="decimal" value={props.value} />}
    </FieldFrame>
  );
}

export function CheckboxField(props: { name: string; label: string; checked: boolean; hint?: string; error?: string | undefined }) {
  const id = `field-${props.name.replace(/\W/g, '-')}`;
  return (
    <div class={props.error ? 'field field-check field-invalid' : 'field field-check'}>
      <input type="hidden" name={props.name} value="false" />
      <input type="checkbox" id={id} name={props.name} value="true" checked={props.checked} />
      <label for={id}>{props.label}</label>
      {props.hint && <p class="hint">{props.hint}</p>}
      {props.error && <p class="error" role="alert">{props.error}</p>}
    </div>
  );
}
