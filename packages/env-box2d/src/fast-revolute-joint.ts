/**
 * planck's revolute joint with an allocation-free velocity solve. LunarLander runs Gymnasium's
 * 180 velocity iterations over two leg joints every step: planck's `solveVelocityConstraints`
 * allocates six vectors per call (2,160 per step), and with the garbage collection they cost it
 * was ~70% of a step (profiled). This override performs planck 1.4.2's operations in the same
 * order on plain numbers, so results are bit-identical (`fast-revolute-joint.test.ts` replays
 * episodes both ways) and a step is ~3× faster. Only this one method is replaced, on a subclass:
 * planck itself is not patched.
 */
import { RevoluteJoint, type TimeStep } from "planck";

interface Vec2Like {
  x: number;
  y: number;
}
interface Vec3Like extends Vec2Like {
  z: number;
}
/** The solver state planck keeps on a revolute joint (not in its public typings). */
interface Internals {
  m_bodyA: { c_velocity: { v: Vec2Like; w: number } };
  m_bodyB: { c_velocity: { v: Vec2Like; w: number } };
  m_invMassA: number;
  m_invMassB: number;
  m_invIA: number;
  m_invIB: number;
  m_rA: Vec2Like;
  m_rB: Vec2Like;
  m_mass: { ex: Vec3Like; ey: Vec3Like; ez: Vec3Like };
  m_impulse: Vec3Like;
  m_motorImpulse: number;
  m_motorMass: number;
  m_motorSpeed: number;
  m_maxMotorTorque: number;
  m_enableMotor: boolean;
  m_enableLimit: boolean;
  /** planck's LimitState: 0 inactive, 1 at lower limit, 2 at upper limit, 3 equal limits. */
  m_limitState: number;
}

const INACTIVE = 0;
const AT_LOWER = 1;
const AT_UPPER = 2;
const EQUAL = 3;

/** A `RevoluteJoint` whose velocity solve allocates nothing (same arithmetic as planck 1.4.2). */
export class FastRevoluteJoint extends RevoluteJoint {
  override solveVelocityConstraints(step: TimeStep): void {
    const j = this as unknown as Internals;
    const vA = j.m_bodyA.c_velocity.v;
    let wA = j.m_bodyA.c_velocity.w;
    const vB = j.m_bodyB.c_velocity.v;
    let wB = j.m_bodyB.c_velocity.w;
    const mA = j.m_invMassA;
    const mB = j.m_invMassB;
    const iA = j.m_invIA;
    const iB = j.m_invIB;
    const fixedRotation = iA + iB === 0;
    const limitState = j.m_limitState;
    if (j.m_enableMotor && limitState !== EQUAL && !fixedRotation) {
      const cdot = wB - wA - j.m_motorSpeed;
      let impulse = -j.m_motorMass * cdot;
      const oldImpulse = j.m_motorImpulse;
      const maxImpulse = step.dt * j.m_maxMotorTorque;
      const accumulated = j.m_motorImpulse + impulse;
      j.m_motorImpulse = Math.min(Math.max(accumulated, -maxImpulse), maxImpulse); // planck's clamp
      impulse = j.m_motorImpulse - oldImpulse;
      wA -= iA * impulse;
      wB += iB * impulse;
    }
    const rA = j.m_rA;
    const rB = j.m_rB;
    const { ex, ey, ez } = j.m_mass;
    const acc = j.m_impulse;
    // Cdot1 = vB + cross(wB, rB) - vA - cross(wA, rA), as planck's addCombine/subCombine round it.
    let c1x = 0;
    let c1y = 0;
    c1x += 1 * vB.x + 1 * (-wB * rB.y);
    c1y += 1 * vB.y + 1 * (wB * rB.x);
    c1x -= 1 * vA.x + 1 * (-wA * rA.y);
    c1y -= 1 * vA.y + 1 * (wA * rA.x);
    let px: number;
    let py: number;
    let pz = 0;
    if (j.m_enableLimit && limitState !== INACTIVE && !fixedRotation) {
      const c2 = wB - wA;
      // impulse = -solve33([Cdot1, Cdot2]) (Mat33.solve33, Cramer's rule)
      let cx = ey.y * ez.z - ey.z * ez.y;
      let cy = ey.z * ez.x - ey.x * ez.z;
      let cz = ey.x * ez.y - ey.y * ez.x;
      let det = ex.x * cx + ex.y * cy + ex.z * cz;
      if (det !== 0) det = 1 / det;
      const rx = det * (c1x * cx + c1y * cy + c2 * cz);
      cx = c1y * ez.z - c2 * ez.y;
      cy = c2 * ez.x - c1x * ez.z;
      cz = c1x * ez.y - c1y * ez.x;
      const ry = det * (ex.x * cx + ex.y * cy + ex.z * cz);
      cx = ey.y * c2 - ey.z * c1y;
      cy = ey.z * c1x - ey.x * c2;
      cz = ey.x * c1y - ey.y * c1x;
      const rz = det * (ex.x * cx + ex.y * cy + ex.z * cz);
      px = -rx;
      py = -ry;
      pz = -rz;
      const newImpulse = acc.z + pz;
      if ((limitState === AT_LOWER && newImpulse < 0) || (limitState === AT_UPPER && newImpulse > 0)) {
        // reduced = solve22(-Cdot1 + acc.z * (ez.x, ez.y)) (Vec2.combine, Mat33.solve22)
        const hx = -1 * c1x + acc.z * ez.x;
        const hy = -1 * c1y + acc.z * ez.y;
        let d = ex.x * ey.y - ey.x * ex.y;
        if (d !== 0) d = 1 / d;
        px = d * (ey.y * hx - ey.x * hy);
        py = d * (ex.x * hy - ex.y * hx);
        pz = -acc.z;
        acc.x += px;
        acc.y += py;
        acc.z = 0;
      } else {
        acc.x += px;
        acc.y += py;
        acc.z += pz;
      }
      vA.x -= mA * px;
      vA.y -= mA * py;
      wA -= iA * (rA.x * py - rA.y * px + pz);
      vB.x += mB * px;
      vB.y += mB * py;
      wB += iB * (rB.x * py - rB.y * px + pz);
    } else {
      // impulse = solve22(-Cdot1)
      const hx = -c1x;
      const hy = -c1y;
      let d = ex.x * ey.y - ey.x * ex.y;
      if (d !== 0) d = 1 / d;
      px = d * (ey.y * hx - ey.x * hy);
      py = d * (ex.x * hy - ex.y * hx);
      acc.x += px;
      acc.y += py;
      vA.x -= mA * px;
      vA.y -= mA * py;
      wA -= iA * (rA.x * py - rA.y * px);
      vB.x += mB * px;
      vB.y += mB * py;
      wB += iB * (rB.x * py - rB.y * px);
    }
    j.m_bodyA.c_velocity.w = wA;
    j.m_bodyB.c_velocity.w = wB;
  }
}
