/** resolv.conf(5) parsing. Pure: text in, settings out. */

export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly options: readonly string[];
}

export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let search: string[] = [];
  const options: string[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/[#;].*/, '').trim();
    const [keyword, ...values] = line.split(/\s+/);
    switch (keyword) {
      case 'nameserver':
        if (values[0]) nameservers.push(values[0]);
        break;
      // The last domain or search line wins (resolv.conf(5)).
      case 'domain':
        search = values.slice(0, 1);
        break;
      case 'search':
        search = values;
        break;
      case 'options':
        options.push(...values);
        break;
      default:
        break;
    }
  }
  return { nameservers, search, options };
}
