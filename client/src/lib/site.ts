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
  /** Whether the server sends mail (email settings, "forgot password"). */
  mail: boolean;
}

const DEFAULT_SITE: SiteInfo = { reactionLabel: 'Like', mail: false };
let siteInfo: Promise<SiteInfo> | undefined;
const loadSiteInfo = () => (siteInfo ??= api<SiteInfo>('GET', '/api/site').catch(() => DEFAULT_SITE));

/** Whether mail is set up on the server; false until it answered. */
export function useMailEnabled(): boolean {
  const [mail, setMail] = useState(DEFAULT_SITE.mail);
  useEffect(() => {
    let active = true;
    void loadSiteInfo().then((info) => active && setMail(info.mail));
    return () => {
      active = false;
    };
  }, []);
  return mail;
}

/** The reaction button's word (REACTION_LABEL); the default until the server answered. */
export function useReactionLabel(): string {
  const [label, setLabel] = useState(DEFAULT_SITE.reactionLabel);
  useEffect(() => {
    let active = true;
    void loadSiteInfo().then((info) => active && setLabel(info.reactionLabel));
    return () => {
      active = false;
    };
  }, []);
  return label;
}
