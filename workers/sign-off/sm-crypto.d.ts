/** The parts of `sm-crypto` (untyped CommonJS) that the sign-off worker uses. */
declare module 'sm-crypto' {
  type Bytes = string | Uint8Array | number[];
  interface SignatureOptions {
    der?: boolean;
    hash?: boolean;
    publicKey?: string;
    userId?: string;
  }
  const sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    getPublicKeyFromPrivateKey(privateKey: string): string;
    doSignature(message: Bytes, privateKey: string, options?: SignatureOptions): string;
    doVerifySignature(message: Bytes, signature: string, publicKey: string, options?: Omit<SignatureOptions, 'publicKey'>): boolean;
  };
  function sm3(message: Bytes): string;
  const smCrypto: { sm2: typeof sm2; sm3: typeof sm3 };
  export default smCrypto;
}
