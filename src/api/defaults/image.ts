// parsers.ParseImageName's answer to one question: which tag does an image reference carry?
// Defaulting uses it for imagePullPolicy: tag "latest" (also implied when there is neither tag
// nor digest) means Always, anything else IfNotPresent. Unparseable references get "" (the
// error is ignored upstream), hence IfNotPresent.

// docker/distribution reference grammar, reduced: lowercase path components, optional
// registry host[:port], optional :tag, optional @digest.
const component = '[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*';
const domain = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)';
const refRe = new RegExp(`^(?:${domain}/)?${component}(?:/${component})*(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`);

export function imageTag(image: string): string {
  const m = refRe.exec(image);
  if (!m) return '';
  const tag = m[1] ?? '';
  const digest = m[2] ?? '';
  return !tag && !digest ? 'latest' : tag;
}

export const defaultPullPolicy = (image: string) => (imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent');
