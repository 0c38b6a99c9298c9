// Links a rep taps on a phone: call the customer (tel:), find the address on a map (an OpenStreetMap search).
// Both are built from stored contact data, so each is reduced to what its scheme allows before it is escaped
// into the page.

/** `tel:` with the number's digits and a leading +; undefined when nothing dialable is left. */
export function phoneHref(phone: string): string | undefined {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 3) return undefined;
  return `tel:${trimmed.startsWith('+') ? '+' : ''}${digits}`;
}

/** An OpenStreetMap search for the address, every character of it encoded into the query. */
export function mapSearchHref(address: string): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;
}
