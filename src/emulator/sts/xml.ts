/**
 * STS's query protocol answers in XML (API version 2011-06-15): `<ActionResponse>` with an
 * `<ActionResult>` and `<ResponseMetadata><RequestId>`, or an `<ErrorResponse>`.
 */

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** A nested XML element tree: a string is text content, an object holds child elements in order. */
export type XmlTree = { [element: string]: string | number | XmlTree | undefined };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

function render(tree: XmlTree): string {
  let xml = '';
  for (const [name, value] of Object.entries(tree)) {
    if (value === undefined) continue;
    const content = typeof value === 'object' ? render(value) : escapeXml(String(value));
    xml += `<${name}>${content}</${name}>`;
  }
  return xml;
}

export function stsResultXml(action: string, result: XmlTree, requestId: string): string {
  return (
    `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${render(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** `Type` is Sender for the caller's mistakes, Receiver for the service's own failures. */
export function stsErrorXml(code: string, message: string, requestId: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}
