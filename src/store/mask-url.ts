/** Store URLs as messages and summaries show them: never with a password. */

/** The URL with its password replaced by ***. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
