/**
 * JSON bodies are UTF-8 (contract: "Everything is JSON in UTF-8"). The JSON parser would decode any
 * `utf-*` charset it is told, UTF-7 included, where `+ADw-` spells `<`: text that no check of the bytes
 * as UTF-8 saw would be stored. So a body may declare no charset or `utf-8` (any case), nothing else.
 */
export function declaresOnlyUtf8(contentType: string | undefined): boolean {
  // The parameters after the media type. A quoted value holding ';' splits wrongly here, which can only
  // make an odd header look like it names another charset: refused, never wrongly let through.
  const params = (contentType ?? '').split(';').slice(1);
  return params.every((param) => {
    const [name = '', ...value] = param.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    return (
      value
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase() === 'utf-8'
    );
  });
}
