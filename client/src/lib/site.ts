/** The site's name in the header and the window titles; one place to change it for a deployment. */
export const SITE_NAME = 'The Daily Thread';

export function setTitle(page?: string): void {
  document.title = page ? `${page} · ${SITE_NAME}` : SITE_NAME;
}
