import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import jwt from 'jsonwebtoken';
import type { Config } from '../config';
import { loadOrCreateSecret } from '../domain/secret-file';
import { ROLES, type Principal, type Role, groupsOf } from '../domain/principal';

/** What an access token carries: enough to authorize without a database read. */
interface AccessClaims {
  sub: string;
  username: string;
  name: string;
  roles: Role[];
  dept: string | null;
}

export interface TokenKeys {
  algorithm: 'HS256' | 'RS256';
  /** HS256 secret, or the RS256 private key (PEM). */
  signingKey: string | Buffer | KeyObject;
  /** HS256 secret, or the RS256 public key (PEM). */
  verifyingKey: string | Buffer | KeyObject;
  issuer: string;
  accessTtlSeconds: number;
}

/** Access tokens (JWT): one algorithm, one issuer; `none`, expired, tampered or foreign tokens are refused. */
export class TokenService {
  constructor(private readonly keys: TokenKeys) {}

  /** Keys from config: RS256 key files, a configured HS256 secret, or one kept in DATA_DIR/jwt-secret. */
  static fromConfig(config: Config): TokenService {
    const base = { issuer: config.JWT_ISSUER, accessTtlSeconds: config.ACCESS_TOKEN_TTL_S };
    if (config.JWT_ALGORITHM === 'RS256') {
      return new TokenService({
        ...base,
        algorithm: 'RS256',
        signingKey: crypto.createPrivateKey(fs.readFileSync(config.JWT_PRIVATE_KEY_FILE!, 'utf8')),
        verifyingKey: crypto.createPublicKey(fs.readFileSync(config.JWT_PUBLIC_KEY_FILE!, 'utf8')),
      });
    }
    const secret = config.JWT_SECRET ? Buffer.from(config.JWT_SECRET, 'utf8') : loadOrCreateSecret(config.DATA_DIR, 'jwt-secret', 48);
    // a KeyObject, not a Buffer: jsonwebtoken otherwise tries to parse the secret as a public key on every verify
    const key = crypto.createSecretKey(secret);
    return new TokenService({ ...base, algorithm: 'HS256', signingKey: key, verifyingKey: key });
  }

  get accessTtlSeconds(): number {
    return this.keys.accessTtlSeconds;
  }

  /** Signs an access token for the principal; `nowSeconds` lets tests issue tokens at a given time. */
  signAccess(principal: Omit<Principal, 'groups'>, nowSeconds = Math.floor(Date.now() / 1000)): string {
    const claims: AccessClaims & { iat: number } = {
      sub: principal.id,
      username: principal.username,
      name: principal.name,
      roles: principal.roles,
      dept: principal.departmentId,
      iat: nowSeconds,
    };
    return jwt.sign(claims, this.keys.signingKey, { algorithm: this.keys.algorithm, issuer: this.keys.issuer, expiresIn: this.keys.accessTtlSeconds });
  }

  /** The principal of a valid token; throws on anything else. */
  verifyAccess(token: string): Principal {
    const claims = jwt.verify(token, this.keys.verifyingKey, { algorithms: [this.keys.algorithm], issuer: this.keys.issuer }) as jwt.JwtPayload & Partial<AccessClaims>;
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles) || !claims.roles.every((r) => (ROLES as readonly string[]).includes(r))) {
      throw new Error('token claims are incomplete');
    }
    const departmentId = typeof claims.dept === 'string' ? claims.dept : null;
    return { id: claims.sub, username: String(claims.username ?? ''), name: String(claims.name ?? ''), roles: claims.roles, departmentId, groups: groupsOf(claims.roles, departmentId) };
  }
}
