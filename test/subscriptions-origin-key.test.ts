import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { originKeyed } from "../src/graphql/subscriptions/origin-key";
import { operationKeyOf } from "../src/graphql/subscriptions/shape";

describe("originKeyed: subscribers share an event's frame only under one origin and one operation", () => {
  const key = operationKeyOf({ query: "subscription { myJobUpdated { id } }", variables: { a: 1 } });

  it("is the same for the same origin and operation, built apart", () => {
    assert.equal(originKeyed(key, "http://a.example"), originKeyed(operationKeyOf({ query: "subscription { myJobUpdated { id } }", variables: { a: 1 } }), "http://a.example"));
  });

  it("differs by origin, by operation, and however the two would run together", () => {
    const keys = [
      originKeyed(key, "http://a.example"),
      originKeyed(key, "http://b.example"),
      originKeyed(operationKeyOf({ query: "subscription { myJobUpdated { id } }", variables: { a: 2 } }), "http://a.example"),
      originKeyed("b\nc", "a"),
      originKeyed("c", "a\nb"),
    ];
    assert.equal(new Set(keys).size, keys.length);
  });
});
