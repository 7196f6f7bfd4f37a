/**
 * The LunarLander world on box2d-wasm 7 (Box2D 2.4.1 compiled to WebAssembly), for the engine
 * comparison only (`compare.ts`): the same construction and engine code as src/world.ts (planck),
 * in Box2D's C++ API. Not shipped.
 */
import {
  H,
  LANDER_POLY,
  LEG_AWAY,
  LEG_DOWN,
  LEG_H,
  LEG_SPRING_TORQUE,
  LEG_W,
  SCALE,
  W,
} from "../../src/constants.js";
import type { LanderWorld, Terrain } from "../../src/index.js";

type Box2DFactory = typeof import("box2d-wasm");
export type Box2DModule = Awaited<ReturnType<Box2DFactory>>;

/**
 * Instantiates box2d-wasm in Node. Its Emscripten build fetch()es the .wasm by file path when a
 * global fetch exists (Node >= 18), which fails; without fetch it reads the file with fs. It also
 * installs process handlers that rethrow every uncaught error: they are removed again.
 */
export async function loadBox2DWasm(): Promise<Box2DModule> {
  const factory = (await import("box2d-wasm")).default;
  // Typed loosely: Node's overloads of listeners() take one event name literal at a time.
  const proc = process as unknown as {
    listeners(e: string): unknown[];
    removeListener(e: string, fn: unknown): void;
  };
  const events = ["uncaughtException", "unhandledRejection"];
  const before = new Map(events.map((e) => [e, new Set(proc.listeners(e))]));
  const g = globalThis as { fetch?: unknown };
  const fetch = g.fetch;
  g.fetch = undefined;
  let pending: Promise<Box2DModule>;
  try {
    pending = factory();
  } finally {
    g.fetch = fetch;
  }
  const module = await pending;
  for (const e of events) {
    for (const fn of proc.listeners(e)) if (!before.get(e)!.has(fn)) proc.removeListener(e, fn);
  }
  return module;
}

/** `LanderWorld` on Box2D 2.4.1. Worlds are freed when the next one is built (one at a time). */
export function wasmWorldFactory(b2: Box2DModule) {
  const a = new b2.b2Vec2(0, 0);
  const b = new b2.b2Vec2(0, 0);
  const bodyDef = new b2.b2BodyDef();
  const fixture = new b2.b2FixtureDef();
  const edge = new b2.b2EdgeShape();
  const hull = new b2.b2PolygonShape();
  const [vertices, free] = b2.tuplesToVec2Array(LANDER_POLY.map(([x, y]) => [x / SCALE, y / SCALE]));
  hull.Set(vertices, LANDER_POLY.length);
  free();
  const legBox = new b2.b2PolygonShape();
  legBox.SetAsBox(LEG_W / SCALE, LEG_H / SCALE);
  const jointDef = new b2.b2RevoluteJointDef();
  let previous: { world: Box2D.b2World; listener: Box2D.JSContactListener } | undefined;
  const fix = (shape: Box2D.b2Shape, density: number, friction: number, category = 1, mask = 0xffff) => {
    fixture.set_shape(shape);
    fixture.set_density(density);
    fixture.set_friction(friction);
    fixture.set_restitution(0);
    fixture.get_filter().set_categoryBits(category);
    fixture.get_filter().set_maskBits(mask);
    return fixture;
  };
  return (terrain: Terrain, force: readonly [number, number], gravity: number): LanderWorld => {
    if (previous) {
      b2.destroy(previous.world);
      b2.destroy(previous.listener);
    }
    a.Set(0, gravity);
    const world = new b2.b2World(a);
    bodyDef.set_type(b2.b2_staticBody);
    a.Set(0, 0);
    bodyDef.set_position(a);
    bodyDef.set_angle(0);
    const moon = world.CreateBody(bodyDef);
    b.Set(W, 0);
    edge.SetTwoSided(a, b);
    moon.CreateFixture(fix(edge, 0, 0.2));
    for (let i = 0; i < 10; i++) {
      a.Set(terrain.chunkX[i]!, terrain.smoothY[i]!);
      b.Set(terrain.chunkX[i + 1]!, terrain.smoothY[i + 1]!);
      edge.SetTwoSided(a, b);
      moon.CreateFixture(fix(edge, 0, 0.1));
    }
    bodyDef.set_type(b2.b2_dynamicBody);
    a.Set(W / 2, H);
    bodyDef.set_position(a);
    const lander = world.CreateBody(bodyDef);
    lander.CreateFixture(fix(hull, 5, 0.1, 0x10, 0x1));
    a.Set(force[0], force[1]);
    lander.ApplyForceToCenter(a, true);
    const legs: Box2D.b2Body[] = [];
    for (const i of [-1, 1]) {
      a.Set(W / 2 - (i * LEG_AWAY) / SCALE, H);
      bodyDef.set_position(a);
      bodyDef.set_angle(i * 0.05);
      const leg = world.CreateBody(bodyDef);
      leg.CreateFixture(fix(legBox, 1, 0.2, 0x20, 0x1));
      jointDef.set_bodyA(lander);
      jointDef.set_bodyB(leg);
      a.Set(0, 0);
      jointDef.set_localAnchorA(a);
      a.Set((i * LEG_AWAY) / SCALE, LEG_DOWN / SCALE);
      jointDef.set_localAnchorB(a);
      jointDef.set_referenceAngle(i * 0.05); // pybox2d's implicit referenceAngle, as src/world.ts
      jointDef.set_enableMotor(true);
      jointDef.set_enableLimit(true);
      jointDef.set_maxMotorTorque(LEG_SPRING_TORQUE);
      jointDef.set_motorSpeed(0.3 * i);
      jointDef.set_lowerAngle(i === -1 ? 0.4 : -0.9);
      jointDef.set_upperAngle(i === -1 ? 0.9 : -0.4);
      world.CreateJoint(jointDef);
      legs.push(leg);
    }
    bodyDef.set_angle(0);
    const ptr = (body: Box2D.b2Body) => b2.getPointer(body);
    const [lp, l0, l1] = [ptr(lander), ptr(legs[0]!), ptr(legs[1]!)];
    const state: LanderWorld = {
      gameOver: false,
      groundContact: new Uint8Array(2),
      applyWind(wind: number, torque: number) {
        a.Set(wind, 0);
        lander.ApplyForceToCenter(a, true);
        lander.ApplyTorque(torque, true);
      },
      fireEngines(mPower: number, sPower: number, direction: number, d0: number, d1: number) {
        if (mPower === 0 && sPower === 0) return;
        const angle = lander.GetAngle();
        const [tip0, tip1] = [Math.sin(angle), Math.cos(angle)];
        const [side0, side1] = [-tip1, tip0];
        const p = lander.GetPosition();
        const [px, py] = [p.get_x(), p.get_y()];
        if (mPower > 0) {
          const ox = tip0 * (4 / SCALE + 2 * d0) + side0 * d1;
          const oy = -tip1 * (4 / SCALE + 2 * d0) - side1 * d1;
          a.Set(-ox * 13 * mPower, -oy * 13 * mPower);
          b.Set(px + ox, py + oy);
          lander.ApplyLinearImpulse(a, b, true);
        }
        if (sPower > 0) {
          const ox = tip0 * d0 + side0 * (3 * d1 + (direction * 12) / SCALE);
          const oy = -tip1 * d0 - side1 * (3 * d1 + (direction * 12) / SCALE);
          a.Set(-ox * 0.6 * sPower, -oy * 0.6 * sPower);
          b.Set(px + ox - (tip0 * 17) / SCALE, py + oy + (tip1 * 14) / SCALE);
          lander.ApplyLinearImpulse(a, b, true);
        }
      },
      step() {
        world.Step(1 / 50, 180, 60);
      },
      readLander(out: Float64Array) {
        const p = lander.GetPosition();
        const v = lander.GetLinearVelocity();
        out[0] = p.get_x();
        out[1] = p.get_y();
        out[2] = lander.GetAngle();
        out[3] = v.get_x();
        out[4] = v.get_y();
        out[5] = lander.GetAngularVelocity();
        return out;
      },
      readLegs(out: Float64Array) {
        legs.forEach((leg, k) => {
          out[3 * k] = leg.GetPosition().get_x();
          out[3 * k + 1] = leg.GetPosition().get_y();
          out[3 * k + 2] = leg.GetAngle();
        });
        return out;
      },
      get awake() {
        return lander.IsAwake();
      },
    };
    const bodies = (contact: number): [number, number] => {
      const c = b2.wrapPointer(contact, b2.b2Contact);
      return [ptr(c.GetFixtureA().GetBody()), ptr(c.GetFixtureB().GetBody())];
    };
    const listener = new b2.JSContactListener();
    listener.BeginContact = (contact: Box2D.b2Contact | number) => {
      const [x, y] = bodies(contact as number);
      if (x === lp || y === lp) state.gameOver = true;
      if (x === l0 || y === l0) state.groundContact[0] = 1;
      if (x === l1 || y === l1) state.groundContact[1] = 1;
    };
    listener.EndContact = (contact: Box2D.b2Contact | number) => {
      const [x, y] = bodies(contact as number);
      if (x === l0 || y === l0) state.groundContact[0] = 0;
      if (x === l1 || y === l1) state.groundContact[1] = 0;
    };
    listener.PreSolve = () => {};
    listener.PostSolve = () => {};
    world.SetContactListener(listener);
    previous = { world, listener };
    return state;
  };
}
