/**
 * Masks a sensitive value for display: phones keep the first 3 and last 4 digits
 * (138****5678), e-mails the first letter and the domain (z***@example.com), other text its
 * first and last character.
 */
export function maskValue(value: unknown): unknown {
  // A lookup through a many-record relation holds one value per linked record.
  if (Array.isArray(value)) return value.map(maskValue);
  if (typeof value !== 'string' || !value) return value;
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 7 && /^[+\d\s()-]+$/.test(value))
    return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  const at = value.indexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  const chars = [...value];
  if (chars.length <= 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 6))}${chars[chars.length - 1]}`;
}
