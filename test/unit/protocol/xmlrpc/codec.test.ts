import { describe, expect, it } from 'vitest';
import { decodeMethodCall, decodeMethodResponse, decodeXmlBytes } from '../../../../src/protocol/xmlrpc/decode.js';
import { encodeFault, encodeMethodCall, encodeMethodResponse, encodeValue } from '../../../../src/protocol/xmlrpc/encode.js';
import { formatDateTime, normalizeDateTime, xmlRpc, XmlRpcFormatError, type XmlRpcValue } from '../../../../src/protocol/xmlrpc/value.js';

const { int, boolean, double, string, dateTime, base64, array, struct, nil } = xmlRpc;

/** A response document around one raw `<value>`, the way a server sends it. */
const response = (valueXml: string) => `<?xml version="1.0"?><methodResponse><params><param>${valueXml}</param></params></methodResponse>`;
const decodeValueXml = (valueXml: string): XmlRpcValue => {
  const decoded = decodeMethodResponse(response(valueXml));
  if (decoded.kind !== 'result') throw new Error('expected a result');
  return decoded.value;
};
const roundTrip = (value: XmlRpcValue): XmlRpcValue => decodeValueXml(encodeValue(value));

describe('XML-RPC values: encode then decode gives the same value', () => {
  it.each<[string, XmlRpcValue]>([
    ['int zero', int(0)],
    ['int -2^31', int(-(2n ** 31n))],
    ['int 2^31-1', int(2n ** 31n - 1n)],
    ['i8 2^31', int(2n ** 31n)],
    ['i8 2^53+1 (beyond a double)', int(2n ** 53n + 1n)],
    ['i8 2^63-1', int(2n ** 63n - 1n)],
    ['i8 -2^63', int(-(2n ** 63n))],
    ['boolean true', boolean(true)],
    ['boolean false', boolean(false)],
    ['double', double(2.5)],
    ['double integral', double(3)],
    ['double negative zero', double(-0)],
    ['double tiny', double(5e-324)],
    ['double huge', double(1.7976931348623157e308)],
    ['double 0.1', double(0.1)],
    ['string', string('hello')],
    ['empty string', string('')],
    ['string with markup and entities', string('<a href="x">&amp; \'q\'</a> ]]> &#13;')],
    ['string with CR, CRLF, LF and tab', string('a\rb\r\nc\nd\te')],
    ['string with surrounding spaces', string('  padded  ')],
    ['string beyond the BMP', string('snow ☃, face 😀, 中文')],
    ['dateTime', dateTime('20261125T18:35:14')],
    ['base64 bytes', base64(new Uint8Array([0, 1, 2, 253, 254, 255]))],
    ['base64 empty', base64(new Uint8Array())],
    ['array', array([int(1), string('two'), double(3.5)])],
    ['empty array', array([])],
    ['struct', struct([['a', int(1)], ['b <&>', array([nil()])], ['', string('empty name')]])],
    ['empty struct', struct([])],
    ['nil', nil()],
    ['nested', struct([['list', array([struct([['deep', array([boolean(true), base64(new Uint8Array([7]))])]])])]])],
  ])('%s', (_name, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it('sends an int beyond 32 bits as <i8>, never as <int>', () => {
    expect(encodeValue(int(2n ** 31n - 1n))).toBe('<value><int>2147483647</int></value>');
    expect(encodeValue(int(2n ** 31n))).toBe('<value><i8>2147483648</i8></value>');
    expect(encodeValue(int(-(2n ** 31n) - 1n))).toBe('<value><i8>-2147483649</i8></value>');
  });

  it.each([
    ['an int beyond 64 bits', int(2n ** 63n), /beyond 64 bits/],
    ['NaN', double(Number.NaN), /no NaN or infinity/],
    ['infinity', double(Number.POSITIVE_INFINITY), /no NaN or infinity/],
    ['a NUL in a string', string('a\u0000b'), /U\+0000.*base64/],
    ['a lone surrogate', string('\ud800'), /U\+D800/],
    ['a control character in a member name', struct([['\u0001', nil()]]), /member name holds U\+0001/],
  ])('refuses to encode %s', (_name, value, message) => {
    expect(() => encodeValue(value)).toThrow(XmlRpcFormatError);
    expect(() => encodeValue(value)).toThrow(message);
  });

  it('escapes only what XML needs', () => {
    expect(encodeValue(string('<&>"\'\r'))).toBe('<value><string>&lt;&amp;&gt;"\'&#13;</string></value>');
  });
});

describe('XML-RPC values: what other implementations send', () => {
  it.each<[string, string, XmlRpcValue]>([
    ['bare text is a string (spec: no type means string)', '<value>plain</value>', string('plain')],
    ['bare text keeps its spaces', '<value>  two words </value>', string('  two words ')],
    ['an empty value is an empty string', '<value></value>', string('')],
    ['a self-closed value is an empty string', '<value/>', string('')],
    ['<string/> is empty', '<value><string/></value>', string('')],
    ['<i4>', '<value><i4>-17</i4></value>', int(-17)],
    ['<int> with a plus sign and spaces', '<value><int> +42 </int></value>', int(42)],
    ['<ex:i8> (Apache)', '<value><ex:i8>9007199254740993</ex:i8></value>', int(9007199254740993n)],
    ['<ex:nil/> (Apache)', '<value><ex:nil/></value>', nil()],
    ['a double without a point', '<value><double>7</double></value>', double(7)],
    ['a double with an exponent (Python repr)', '<value><double>1e+100</double></value>', double(1e100)],
    ['a double .5', '<value><double>.5</double></value>', double(0.5)],
    ['base64 broken into lines (Python)', '<value><base64>\naGVs\nbG8=\n</base64></value>', base64(new TextEncoder().encode('hello'))],
    ['dateTime in the extended form', '<value><dateTime.iso8601>2026-11-25T18:35:14Z</dateTime.iso8601></value>', dateTime('2026-11-25T18:35:14Z')],
    ['character references', '<value><string>&#65;&#x42;&#x1F600;&quot;&apos;</string></value>', string('AB😀"\'')],
    ['CDATA is literal', '<value><string><![CDATA[<b>&amp;</b>]]></string></value>', string('<b>&amp;</b>')],
    ['a comment inside text is dropped', '<value><string>a<!-- note -->b</string></value>', string('ab')],
    ['a literal CRLF reads as LF (XML 1.0 §2.11)', '<value><string>a\r\nb\rc</string></value>', string('a\nb\nc')],
    ['whitespace around the type element', '<value>\n  <int>1</int>\n</value>', int(1)],
    ['a member with value before name', '<value><struct><member><value><int>1</int></value><name>n</name></member></struct></value>', struct([['n', int(1)]])],
    ['a repeated member name: the last wins', '<value><struct><member><name>k</name><value>1</value></member><member><name>k</name><value>2</value></member></struct></value>', struct([['k', string('2')]])],
    ['attributes are ignored', '<value><int kind="x">5</int></value>', int(5)],
  ])('%s', (_name, xml, value) => {
    expect(decodeValueXml(xml)).toEqual(value);
  });
});

describe('XML-RPC values: malformed input is an XmlRpcFormatError, never a crash', () => {
  const deep = (levels: number) => '<value><array><data>'.repeat(levels) + '<value>x</value>' + '</data></array></value>'.repeat(levels);
  it.each<[string, string, RegExp]>([
    ['an unknown type tag', '<value><float>1.5</float></value>', /unknown type <float>/],
    ['a script tag', '<value><script>alert(1)</script></value>', /unknown type <script>/],
    ['an int that is not a number', '<value><int>12a</int></value>', /bad <int> '12a'/],
    ['an empty int', '<value><int></int></value>', /bad <int>/],
    ['a float as int', '<value><int>1.5</int></value>', /bad <int>/],
    ['an int beyond 32 bits', '<value><int>2147483648</int></value>', /out of range \(32 bits\)/],
    ['an i8 beyond 64 bits', '<value><i8>9223372036854775808</i8></value>', /out of range \(64 bits\)/],
    ['a hexadecimal int', '<value><int>0x10</int></value>', /bad <int>/],
    ['a boolean that is not 0 or 1', '<value><boolean>true</boolean></value>', /use 0 or 1/],
    ['a double that is not a number', '<value><double>1.2.3</double></value>', /bad <double>/],
    ['a double that overflows', '<value><double>1e400</double></value>', /not a finite number/],
    ['nan as a double', '<value><double>nan</double></value>', /bad <double>/],
    ['bad base64 characters', '<value><base64>ab$d</base64></value>', /bad <base64>/],
    ['base64 of a bad length', '<value><base64>abcde</base64></value>', /bad <base64>/],
    ['base64 with padding inside', '<value><base64>ab==cd==</base64></value>', /bad <base64>/],
    ['a bad dateTime', '<value><dateTime.iso8601>yesterday</dateTime.iso8601></value>', /bad <dateTime.iso8601>/],
    ['month 13', '<value><dateTime.iso8601>20261325T00:00:00</dateTime.iso8601></value>', /bad <dateTime.iso8601>/],
    ['two types in one value', '<value><int>1</int><int>2</int></value>', /holds 2 elements/],
    ['text beside a type', '<value>x<int>1</int></value>', /unexpected text in <value>/],
    ['an element inside a string', '<value><string>a<b/>c</string></value>', /takes text only/],
    ['an array without data', '<value><array><value>1</value></array></value>', /<array> must hold one <data>/],
    ['a member without a name', '<value><struct><member><value>1</value></member></struct></value>', /one <name> and one <value>/],
    ['a struct holding a value', '<value><struct><value>1</value></struct></value>', /expected <member>/],
    ['text in <nil/>', '<value><nil>x</nil></value>', /unexpected text in <nil>/],
    ['an element in <nil/>', '<value><nil><int>1</int></nil></value>', /must be empty/],
    ['an unknown entity', '<value><string>&nbsp;</string></value>', /unknown entity &nbsp;/],
    ['a bare ampersand', '<value><string>a & b</string></value>', /malformed XML.*'&'/],
    ['a raw control character', '<value><string>a\u0001b</string></value>', /U\+0001 at offset \d+ is not a character XML allows/],
    ['a reference to NUL', '<value><string>&#0;</string></value>', /not a character XML allows/],
    ['a hex reference far past U+10FFFF is named, not called a bare &', '<value><string>&#xFFFFFFFF;</string></value>', /&#xFFFFFFFF; is not a character XML allows/],
    ['a decimal reference past U+10FFFF', '<value><string>&#99999999999;</string></value>', /&#99999999999; is not a character XML allows/],
    ['nesting beyond the bound', deep(70), /nest deeper than 64/],
  ])('%s', (_name, xml, message) => {
    expect(() => decodeValueXml(xml)).toThrow(XmlRpcFormatError);
    expect(() => decodeValueXml(xml)).toThrow(message);
  });

  it('nesting up to the bound is fine', () => {
    expect(() => decodeValueXml(deep(60))).not.toThrow();
  });

  it('a hundred thousand levels of nesting fails quickly, without overflowing the stack', () => {
    const started = Date.now();
    expect(() => decodeValueXml(deep(100_000))).toThrow(/nest deeper/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each<[string, string, RegExp]>([
    ['an empty document', '', /empty/],
    ['not XML at all', 'hello', /malformed XML/],
    ['truncated XML', '<?xml version="1.0"?><methodCall><methodName>add</methodName><params><param><value><int>1', /malformed XML/],
    ['mismatched tags', '<methodCall><methodName>a</methodCall></methodName>', /malformed XML at line 1/],
    ['two roots', '<methodCall><methodName>a</methodName></methodCall><methodCall/>', /root elements/],
    ['trailing junk', '<methodCall><methodName>a</methodName></methodCall>junk', /malformed XML/],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE m [<!ENTITY a "aaaa">]><methodCall><methodName>&a;</methodName></methodCall>', /DOCTYPE is not allowed/],
    ['a response instead of a call', response('<value>1</value>'), /expected <methodCall>, got <methodResponse>/],
    ['no method name', '<methodCall><params/></methodCall>', /no <methodName>/],
    ['a bad method name', '<methodCall><methodName>rm -rf /</methodName></methodCall>', /bad method name/],
    ['a stray element', '<methodCall><methodName>a</methodName><evil/></methodCall>', /unexpected <evil>/],
    ['a param with two values', '<methodCall><methodName>a</methodName><params><param><value>1</value><value>2</value></param></params></methodCall>', /<param> must hold one <value>/],
  ])('methodCall: %s', (_name, xml, message) => {
    expect(() => decodeMethodCall(xml)).toThrow(XmlRpcFormatError);
    expect(() => decodeMethodCall(xml)).toThrow(message);
  });

  it.each<[string, string, RegExp]>([
    ['no params', '<methodResponse><params></params></methodResponse>', /one <param>, not 0/],
    ['two params', response('<value>1</value></param><param><value>2</value>'), /one <param>, not 2/],
    ['a fault without a code', '<methodResponse><fault><value><struct><member><name>faultString</name><value>x</value></member></struct></value></fault></methodResponse>', /a faultCode \(int or string\)/],
    ['a fault that is not a struct', '<methodResponse><fault><value>oops</value></fault></methodResponse>', /a faultCode \(int or string\)/],
    ['an empty response', '<methodResponse/>', /must hold one <params> or one <fault>/],
    ['params and a fault', '<methodResponse><params/><fault/></methodResponse>', /must hold one <params> or one <fault>/],
  ])('methodResponse: %s', (_name, xml, message) => {
    expect(() => decodeMethodResponse(xml)).toThrow(XmlRpcFormatError);
    expect(() => decodeMethodResponse(xml)).toThrow(message);
  });
});

describe('XML-RPC messages', () => {
  it('a call round-trips with its method name and parameters', () => {
    const params = [int(2), double(2.5), string('x'), array([nil()])];
    const xml = encodeMethodCall('system.methodHelp', params);
    expect(xml).toMatch(/^<\?xml version="1.0"\?>\n<methodCall>\n<methodName>system.methodHelp<\/methodName>/);
    expect(decodeMethodCall(xml)).toEqual({ method: 'system.methodHelp', params });
  });

  it('a call without <params> has no parameters', () => {
    expect(decodeMethodCall('<methodCall><methodName> ping </methodName></methodCall>')).toEqual({ method: 'ping', params: [] });
  });

  it('refuses to encode a method name outside the spec alphabet', () => {
    expect(() => encodeMethodCall('a b', [])).toThrow(/bad method name 'a b'/);
    expect(() => encodeMethodCall('', [])).toThrow(XmlRpcFormatError);
  });

  it('a response round-trips', () => {
    expect(decodeMethodResponse(encodeMethodResponse(struct([['ok', boolean(true)]])))).toEqual({ kind: 'result', value: struct([['ok', boolean(true)]]) });
  });

  it('a fault round-trips; text XML cannot carry is replaced, not refused', () => {
    expect(decodeMethodResponse(encodeFault({ code: -32601, message: 'no method <x> \u0001' }))).toEqual({ kind: 'fault', fault: { code: -32601, message: 'no method <x> \uFFFD' } });
  });

  it("decodes Python's fault document", () => {
    const xml = `<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>1</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>&lt;class 'Exception'&gt;:boom</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n`;
    expect(decodeMethodResponse(xml)).toEqual({ kind: 'fault', fault: { code: 1, message: "<class 'Exception'>:boom" } });
  });

  it('a large document (a 50 000-item array and a 1 MB string, 2.5 MB in all) decodes in bounded time', () => {
    const items = Array.from({ length: 50_000 }, (_, i) => int(i));
    const big = string('x'.repeat(1 << 20));
    const started = Date.now();
    const decoded = decodeMethodCall(encodeMethodCall('echo', [array(items), big]));
    expect(decoded.params[0]).toEqual(array(items));
    expect(decoded.params[1]).toEqual(big);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('dateTime text', () => {
  it.each([
    ['20261125T18:35:14', '2026-11-25T18:35:14'],
    ['2026-11-25T18:35:14', '2026-11-25T18:35:14'],
    ['20261125T183514', '2026-11-25T18:35:14'],
    ['2026-11-25T18:35:14.250+01:00', '2026-11-25T18:35:14.250+01:00'],
  ])('%s reads as %s', (text, iso) => {
    expect(normalizeDateTime(text)).toBe(iso);
  });

  it.each(['', '2026-11-25', 'T18:35:14', '20261125T25:00:00', '2026112T18:35:14'])('%j is not a dateTime', (text) => {
    expect(normalizeDateTime(text)).toBeUndefined();
  });

  it('formats an instant the way Python does, in UTC', () => {
    expect(formatDateTime(Date.UTC(2026, 10, 25, 18, 35, 14, 999))).toBe('20261125T18:35:14');
  });
});

describe('decodeXmlBytes', () => {
  const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
  it.each<[string, Uint8Array, string]>([
    ['UTF-8 when no encoding is declared', new TextEncoder().encode('<a>café ☃</a>'), '<a>café ☃</a>'],
    ['the declared encoding', latin1("<?xml version='1.0' encoding='iso-8859-1'?><a>caf\u00e9</a>"), "<?xml version='1.0' encoding='iso-8859-1'?><a>café</a>"],
    ['a declared UTF-8 with a byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?><a>é</a>')]), '<?xml version="1.0" encoding="UTF-8"?><a>é</a>'],
    // What Python's ServerProxy(encoding=...) sends: its codec names, and UTF-16 with a byte-order mark.
    ['latin-1, as Python spells it', latin1("<?xml version='1.0' encoding='latin-1'?><a>caf\u00e9</a>"), "<?xml version='1.0' encoding='latin-1'?><a>café</a>"],
    ['latin_1, another Python spelling', latin1("<?xml version='1.0' encoding='latin_1'?><a>caf\u00e9</a>"), "<?xml version='1.0' encoding='latin_1'?><a>café</a>"],
    // ISO-8859-1 is byte for byte; TextDecoder would read 0x80 as windows-1252's €.
    ['latin-1 bytes 0x80-0x9F as C1 controls, not windows-1252', latin1("<?xml version='1.0' encoding='latin-1'?><a>\u0080\u009f</a>"), "<?xml version='1.0' encoding='latin-1'?><a>\u0080\u009f</a>"],
    ['UTF-16 little-endian with its BOM', new Uint8Array(Buffer.from("\ufeff<?xml version='1.0' encoding='utf-16'?><a>é☃</a>", 'utf16le')), "<?xml version='1.0' encoding='utf-16'?><a>é☃</a>"],
    ['UTF-16 big-endian with its BOM', new Uint8Array(Buffer.from("\ufeff<?xml version='1.0' encoding='utf-16'?><a>é</a>", 'utf16le').swap16()), "<?xml version='1.0' encoding='utf-16'?><a>é</a>"],
  ])('reads %s', (_name, bytes, text) => {
    expect(decodeXmlBytes(bytes)).toBe(text);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['bytes that are not UTF-8', new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c]), /not valid utf-8/],
    ['an unknown encoding', new TextEncoder().encode('<?xml version="1.0" encoding="klingon"?><a/>'), /unknown encoding 'klingon'/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => decodeXmlBytes(bytes)).toThrow(message);
  });
});
