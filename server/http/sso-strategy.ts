import type { Request } from 'express';
import { Strategy } from 'passport';
import type { SignedIn } from '../users/accounts';

type Verify = (req: Request, token: string) => Promise<SignedIn>;

/**
 * The passport strategy of single sign-on, beside passport-local: it takes the host's token from the body
 * (already checked by the route) and signs in with it; every refusal is an error with the contract's code.
 */
export class SsoStrategy extends Strategy {
  override name = 'sso';

  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(req: Request): void {
    const { token } = req.body as { token: string };
    this.verify(req, token).then(
      (signedIn) => this.success(signedIn),
      (err: unknown) => this.error(err),
    );
  }
}
