import { useEffect, useState } from 'preact/hooks';
import { api } from './api';

/** The site's name in the header and the window titles; one place to change it for a deployment. */
export const SITE_NAME = 'The Daily Thread';

export function setTitle(page?: string): void {
  document.title = page ? `${page} · ${SITE_NAME}` : SITE_NAME;
}

/** What the server says about this deployment (GET /api/site), asked once per page load. */
interface SiteInfo {
  reactionLabel: string;
}

const DEFAULT_SITE: SiteInfo = { reactionLabel: 'Like' };
let siteInfo: Promise<SiteInfo> | undefined;

/** The reaction button's word (REACTION_LABEL); the default until the server answered. */
export function useReactionLabel(): string {
  const [label, setLabel] = useState(DEFAULT_SITE.reactionLabel);
  useEffect(() => {
    siteInfo ??= api<SiteInfo>('GET', '/api/site').catch(() => DEFAULT_SITE);
    let active = true;
    void siteInfo.then((info) => active && setLabel(info.reactionLabel));
    return () => {
      active = false;
    };
  }, []);
  return label;
}
