// The last loaded mediasoup Device of a call client. Media nodes of one deployment give identical router
// capabilities, so a rebuild after media-reset reuses the Device (loading one costs a probe of the
// browser's codecs) unless the capabilities changed.
import type { Device } from 'mediasoup-client';
import type { RtpCapabilities } from '../protocol/index.js';

export class DeviceCache {
  #last: { caps: string; device: Device } | undefined;

  async get(caps: RtpCapabilities, create: () => Device | Promise<Device>): Promise<Device> {
    const key = JSON.stringify(caps);
    if (this.#last?.caps === key) return this.#last.device;
    const device = await create();
    await device.load({ routerRtpCapabilities: caps as never });
    this.#last = { caps: key, device };
    return device;
  }
}
