/** The layer interface: a forward function, parameters, and a train/eval switch. */
import type { Tensor } from '../core/tensor.js';
import type { Parameter } from './parameter.js';

export abstract class Module {
  training = true;

  abstract forward(x: Tensor): Tensor;

  /** Parameters owned directly by this module (not its children). */
  ownParameters(): Parameter[] { return []; }
  children(): Module[] { return []; }

  /** All parameters, trainable or not (running statistics included). */
  parameters(): Parameter[] {
    return [...this.ownParameters(), ...this.children().flatMap((c) => c.parameters())];
  }

  trainableParameters(): Parameter[] { return this.parameters().filter((p) => p.requiresGrad); }

  train(on = true): this {
    this.training = on;
    for (const c of this.children()) c.train(on);
    return this;
  }

  eval(): this { return this.train(false); }

  parameterCount(): number { return this.trainableParameters().reduce((n, p) => n + p.size, 0); }
}
