// The only module that imports tsyringe. It needs a Reflect metadata polyfill at import time:
// reflect.ts, imported first, loads it (see there why it is a module of its own).
import "./reflect.js";
import { container, type DependencyContainer, instanceCachingFactory } from "tsyringe";

export type { DependencyContainer };

/** A DI token that remembers what it resolves to, so `get()` needs no type argument. */
export type Token<T> = symbol & { readonly __type?: T };

export const token = <T>(name: string): Token<T> => Symbol(name) as Token<T>;

export const get = <T>(c: DependencyContainer, t: Token<T>): T => c.resolve<T>(t);

export const has = <T>(c: DependencyContainer, t: Token<T>): boolean => c.isRegistered(t, true);

/** A factory run once per container, on first resolution (tsyringe's `instanceCachingFactory`). */
export const provideFactory = <T>(c: DependencyContainer, t: Token<T>, build: () => T): void =>
  void c.register<T>(t, { useFactory: instanceCachingFactory<T>(() => build()) });

/** A fresh container under tsyringe's global one; nothing is ever registered globally. */
export const createRootContainer = (): DependencyContainer => container.createChildContainer();
