import { Box, Edge, type Body as PlanckBody, Polygon, type Vec2Value, World } from "planck";
import {
  FPS,
  H,
  LANDER_POLY,
  LEG_AWAY,
  LEG_DOWN,
  LEG_H,
  LEG_SPRING_TORQUE,
  LEG_W,
  MAIN_ENGINE_POWER,
  MAIN_ENGINE_Y_LOCATION,
  POSITION_ITERATIONS,
  SCALE,
  SIDE_ENGINE_AWAY,
  SIDE_ENGINE_HEIGHT,
  SIDE_ENGINE_POWER,
  VELOCITY_ITERATIONS,
  W,
} from "./constants.js";
import { FastRevoluteJoint } from "./fast-revolute-joint.js";
import { hullMassData } from "./hull-mass.js";
import type { Terrain } from "./terrain.js";

/**
 * Box2D 2.3 keeps every number in float32: Gymnasium's doubles are rounded when they enter it
 * and its results are float32. planck computes in doubles; rounding what enters and what is read
 * out the same way keeps it within ~1e-6 of pybox2d's float32 run (measured on the golden data).
 */
const f = Math.fround;
const vec = (x: number, y: number): Vec2Value => ({ x: f(x), y: f(y) });

const HULL = LANDER_POLY.map(([x, y]) => vec(x / SCALE, y / SCALE));
const HULL_MASS = hullMassData(HULL, 5.0);

/**
 * One LunarLander world, built as Gymnasium's `reset()` builds it: the moon (a static body with
 * the ground line and 10 terrain edges), the lander, its initial push, and two legs on motorised,
 * limited revolute joints, with the contact listener that sets `gameOver` and the legs' ground
 * contact. The engine is planck (Box2D 2.3's algorithms in JavaScript).
 */
export class LunarWorld {
  /** Gymnasium's `game_over`: something touched the lander's body. */
  gameOver = false;
  /** Gymnasium's `legs[i].ground_contact`, leg 0 being i = -1 (on the right, at x + 20/30). */
  readonly groundContact = new Uint8Array(2);
  readonly lander: PlanckBody;
  readonly legs: readonly [PlanckBody, PlanckBody];
  private readonly world: World;
  private readonly impulse = { x: 0, y: 0 };
  private readonly point = { x: 0, y: 0 };

  constructor(terrain: Terrain, force: readonly [number, number], gravity: number) {
    const world = new World({ gravity: vec(0, gravity) });
    this.world = world;
    // Moon: the ground line with Box2D's default fixture (friction 0.2), then the 10 terrain edges.
    const moon = world.createBody();
    moon.createFixture(new Edge(vec(0, 0), vec(W, 0)), { density: 0, friction: 0.2 });
    for (let i = 0; i < terrain.chunkX.length - 1; i++) {
      const p1 = vec(terrain.chunkX[i]!, terrain.smoothY[i]!);
      const p2 = vec(terrain.chunkX[i + 1]!, terrain.smoothY[i + 1]!);
      moon.createFixture(new Edge(p1, p2), { density: 0, friction: 0.1 });
    }
    const lander = world.createBody({ type: "dynamic", position: vec(W / 2, H), angle: 0 });
    lander.createFixture(new Polygon(HULL), {
      density: 5.0,
      friction: 0.1,
      restitution: 0.0,
      filterCategoryBits: 0x0010,
      filterMaskBits: 0x001,
    });
    // planck 1.4.2 misplaces a polygon's centre of mass (fixed in 1.5, which needs Node 24).
    lander.setMassData(HULL_MASS);
    lander.applyForceToCenter(vec(force[0], force[1]), true); // acts during the first step only
    this.lander = lander;
    const legs: PlanckBody[] = [];
    for (const i of [-1, +1]) {
      const leg = world.createBody({
        type: "dynamic",
        position: vec(W / 2 - (i * LEG_AWAY) / SCALE, H),
        angle: f(i * 0.05),
      });
      leg.createFixture(new Box(f(LEG_W / SCALE), f(LEG_H / SCALE)), {
        density: 1.0,
        friction: 0.2,
        restitution: 0.0,
        filterCategoryBits: 0x0020,
        filterMaskBits: 0x001,
      });
      world.createJoint(
        new FastRevoluteJoint({
          bodyA: lander,
          bodyB: leg,
          localAnchorA: vec(0, 0),
          localAnchorB: vec((i * LEG_AWAY) / SCALE, LEG_DOWN / SCALE),
          // pybox2d's revoluteJointDef sets referenceAngle = bodyB.angle - bodyA.angle when it
          // is not given (Gymnasium does not give it), so the limits are relative to the legs'
          // initial ±0.05 rad. With 0, the legs settle 0.05 rad further out and the lander's
          // velocity is off by 7e-3 from step 16 on (measured on the golden trajectories).
          referenceAngle: f(i * 0.05),
          enableMotor: true,
          enableLimit: true,
          maxMotorTorque: LEG_SPRING_TORQUE,
          motorSpeed: f(+0.3 * i), // low enough not to jump back into the sky
          lowerAngle: f(i === -1 ? +0.9 - 0.5 : -0.9),
          upperAngle: f(i === -1 ? +0.9 : -0.9 + 0.5),
        }),
      );
      legs.push(leg);
    }
    this.legs = [legs[0]!, legs[1]!];
    const [leg0, leg1] = this.legs;
    // Gymnasium's ContactDetector.
    world.on("begin-contact", (contact) => {
      const a = contact.getFixtureA().getBody();
      const b = contact.getFixtureB().getBody();
      if (a === lander || b === lander) this.gameOver = true;
      if (a === leg0 || b === leg0) this.groundContact[0] = 1;
      if (a === leg1 || b === leg1) this.groundContact[1] = 1;
    });
    world.on("end-contact", (contact) => {
      const a = contact.getFixtureA().getBody();
      const b = contact.getFixtureB().getBody();
      if (a === leg0 || b === leg0) this.groundContact[0] = 0;
      if (a === leg1 || b === leg1) this.groundContact[1] = 0;
    });
  }

  /** Wind and turbulence (only while no leg touches): a force and a torque on the lander. */
  applyWind(windMag: number, torqueMag: number): void {
    this.lander.applyForceToCenter(vec(windMag, 0.0), true);
    this.lander.applyTorque(f(torqueMag), true);
  }

  /**
   * Fires the engines as Gymnasium's `step()` does, in its double arithmetic: the main engine
   * with power `mPower` (0 = off), then a side engine with power `sPower` (0 = off) in direction
   * `direction` (-1 left, +1 right). `d0`, `d1` are this step's dispersion draws divided by SCALE.
   */
  fireEngines(mPower: number, sPower: number, direction: number, d0: number, d1: number): void {
    if (mPower === 0 && sPower === 0) return;
    const lander = this.lander;
    const angle = f(lander.getAngle());
    const tip0 = Math.sin(angle);
    const tip1 = Math.cos(angle);
    const side0 = -tip1;
    const side1 = tip0;
    const pos = lander.getPosition();
    const px = f(pos.x);
    const py = f(pos.y);
    const { impulse, point } = this;
    if (mPower > 0) {
      // 4 is move a bit downwards, +-2 for randomness
      const ox = tip0 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * d0) + side0 * d1;
      const oy = -tip1 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * d0) - side1 * d1;
      impulse.x = f(-ox * MAIN_ENGINE_POWER * mPower);
      impulse.y = f(-oy * MAIN_ENGINE_POWER * mPower);
      point.x = f(px + ox);
      point.y = f(py + oy);
      lander.applyLinearImpulse(impulse, point, true);
    }
    if (sPower > 0) {
      const ox = tip0 * d0 + side0 * (3 * d1 + (direction * SIDE_ENGINE_AWAY) / SCALE);
      const oy = -tip1 * d0 - side1 * (3 * d1 + (direction * SIDE_ENGINE_AWAY) / SCALE);
      impulse.x = f(-ox * SIDE_ENGINE_POWER * sPower);
      impulse.y = f(-oy * SIDE_ENGINE_POWER * sPower);
      // The 17 is Gymnasium's (presumably meant to be SIDE_ENGINE_HEIGHT): kept for parity.
      point.x = f(px + ox - (tip0 * 17) / SCALE);
      point.y = f(py + oy + (tip1 * SIDE_ENGINE_HEIGHT) / SCALE);
      lander.applyLinearImpulse(impulse, point, true);
    }
  }

  /** `world.Step(1/FPS, 6*30, 2*30)`. */
  step(): void {
    this.world.step(1.0 / FPS, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
  }

  /** The lander's `[x, y, angle, vx, vy, omega]`, rounded to float32 as Box2D holds them, into `out`. */
  readLander(out: Float64Array): Float64Array {
    const l = this.lander;
    const p = l.getPosition();
    const v = l.getLinearVelocity();
    out[0] = f(p.x);
    out[1] = f(p.y);
    out[2] = f(l.getAngle());
    out[3] = f(v.x);
    out[4] = f(v.y);
    out[5] = f(l.getAngularVelocity());
    return out;
  }

  /** Each leg's `[x, y, angle]`, leg 0 then leg 1, into `out` (6 numbers). */
  readLegs(out: Float64Array): Float64Array {
    for (let k = 0; k < 2; k++) {
      const leg = this.legs[k]!;
      const p = leg.getPosition();
      out[3 * k] = f(p.x);
      out[3 * k + 1] = f(p.y);
      out[3 * k + 2] = f(leg.getAngle());
    }
    return out;
  }

  /** Box2D's sleep flag: the lander's island has rested 0.5 s below 0.01 m/s and 2°/s. */
  get awake(): boolean {
    return this.lander.isAwake();
  }
}
