/**
 * Translates a third-party widget that has no translation hook of its own (the form-js editor):
 * its text nodes and its `title`, `placeholder` and `aria-label` attributes are replaced by the
 * dictionary's text, now and whenever the widget renders again. Text inside `skip` elements (the
 * user's own content, e.g. the form being designed) is left alone unless it sits in an `own`
 * element inside them (the widget's placeholder in the user's field); attributes are the widget's own.
 */

const ATTRIBUTES = ['title', 'placeholder', 'aria-label'] as const;

export interface DomDictionary {
  texts: Record<string, string>;
  patterns?: [RegExp, (match: RegExpMatchArray, translate: (text: string) => string) => string][];
}

/** The dictionary's text for `text` (surrounding blanks kept), or null when it has none. */
export function lookUp(dictionary: DomDictionary, text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const exact = dictionary.texts[trimmed];
  const translate = (part: string) => dictionary.texts[part] ?? part;
  let result = exact ?? null;
  if (result === null) {
    for (const [pattern, replace] of dictionary.patterns ?? []) {
      const match = trimmed.match(pattern);
      if (match) {
        result = replace(match, translate);
        break;
      }
    }
  }
  return result === null ? null : text.replace(trimmed, () => result);
}

/** Translates `root` and keeps it translated; returns the function that stops it. */
export function translateDom(root: HTMLElement, dictionary: DomDictionary, skip: string, own?: string): () => void {
  const skipped = (node: Node) => {
    const element = node instanceof Element ? node : node.parentElement;
    return Boolean(element?.closest(skip)) && !(own && element?.closest(own));
  };
  const text = (node: Text) => {
    if (skipped(node)) return;
    const translated = lookUp(dictionary, node.data);
    if (translated !== null && translated !== node.data) node.data = translated;
  };
  const attributes = (element: Element) => {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      const translated = lookUp(dictionary, value);
      if (translated !== null && translated !== value) element.setAttribute(name, translated);
    }
  };
  const subtree = (node: Node) => {
    if (node instanceof Text) return text(node);
    if (!(node instanceof Element)) return;
    attributes(node);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    while (walker.nextNode()) {
      const current = walker.currentNode;
      if (current instanceof Text) text(current);
      else attributes(current as Element);
    }
  };
  subtree(root);
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'childList') mutation.addedNodes.forEach(subtree);
      else if (mutation.type === 'characterData') text(mutation.target as Text);
      else attributes(mutation.target as Element);
    }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: [...ATTRIBUTES] });
  return () => observer.disconnect();
}
