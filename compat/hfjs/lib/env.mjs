// What HuggingFaceClientIT hands the suite: the hub's URL and the tokens of the accounts it created.
function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this suite through HuggingFaceClientIT (mvn verify)`);
  }
  return value;
}

export const hubUrl = required("EVALHUB_URL");
/** alice: a user with a write token; the suite creates her repositories through the client. */
export const alice = required("EVALHUB_ALICE_TOKEN");
/** bob: another user with a write token, a stranger to alice's repositories. */
export const bob = required("EVALHUB_BOB_TOKEN");
