-- The trusted verification keys the stored results were verified with: per key id, a fingerprint of every
-- trusted key with that id (issuer and public key) or of its revocation. When the trusted keys change, the results
-- whose token names a key id whose fingerprint changed are verified again, so the index stays equal to a rebuild.
CREATE TABLE verification_keys (
  kid VARCHAR(1000) PRIMARY KEY,
  fingerprint VARCHAR NOT NULL
);
